import { rejectionProblems } from '@seminarwerk/http';
import type { InvoicingRejectionCode } from '../domain/rejections.ts';

/** The one place invoicing's rejection codes become HTTP: a code missing here fails the typecheck. */
export const invoicingProblems = rejectionProblems<InvoicingRejectionCode>({
  'invalid-leitweg-id': 400,
});

import {
  CreditNoteIssued,
  type EventMessage,
  InvoiceCancelled,
  InvoiceDrafted,
  InvoiceHeld,
  InvoiceIssued,
  InvoicePaymentRecorded,
  InvoiceVoided,
} from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import type { Recorded } from '@seminarwerk/postgres';
import type { Invoice, InvoiceEvent, InvoiceState, InvoiceIssued as IssuedEvent } from '../domain/invoice.ts';
import { outstandingCents } from '../domain/invoice.ts';

export const SOURCE = '/seminarwerk/invoicing';

/** A document's bytes as issued, to travel in the issued event (they are not in the stored event). */
export interface IssuedDocumentBytes {
  kind: 'xrechnung' | 'pdf';
  content: Uint8Array;
}

const common = (recorded: Recorded<InvoiceEvent>) => ({
  id: recorded.id,
  source: SOURCE,
  time: recorded.recordedAt,
  correlationId: recorded.metadata.correlationId,
  causationId: recorded.metadata.causationId,
  subject: recorded.data.invoiceId,
});

const message = (contract: { topic: string; type: string }, recorded: Recorded<InvoiceEvent>, data: unknown): EventMessage => ({
  topic: contract.topic,
  key: recorded.data.invoiceId,
  event: cloudEvent({ ...common(recorded), type: contract.type, data }),
});

/**
 * Maps recorded invoice events to their public contracts (docs/events.md), field by field, keyed by the
 * invoice so its events stay in order. `state` is the invoice after them. Issued events are not mapped here:
 * they carry the documents, which the issuing code enqueues itself (`issuedMessage`). Collective drafts and
 * credit note drafts publish nothing until they are issued.
 */
export function toPublicMessages(recorded: readonly Recorded<InvoiceEvent>[], state: InvoiceState): EventMessage[] {
  if (state.status === 'none') return [];
  return recorded.flatMap((event) => {
    const mapped = toPublicMessage(event, state);
    return mapped ? [mapped] : [];
  });
}

function toPublicMessage(recorded: Recorded<InvoiceEvent>, state: Invoice): EventMessage | null {
  switch (recorded.type) {
    case 'InvoiceOpened': {
      const registration = recorded.data.registration;
      if (!registration) return null;
      const data = InvoiceDrafted.data.parse({
        invoiceId: recorded.data.invoiceId,
        registrationId: registration.registrationId,
        offeringId: registration.offeringId,
        municipalityId: recorded.data.municipalityId,
        total: { amountCents: registration.total.amountCents, currency: registration.total.currency },
        vat: registration.vat,
      });
      return message(InvoiceDrafted, recorded, data);
    }
    case 'InvoiceVoided': {
      if (!state.registration) return null;
      const data = InvoiceVoided.data.parse({
        invoiceId: recorded.data.invoiceId,
        registrationId: state.registration.registrationId,
        reason: recorded.data.reason,
      });
      return message(InvoiceVoided, recorded, data);
    }
    case 'InvoiceHeld': {
      const d = recorded.data;
      const rules = (d.validation?.messages ?? []).filter((m) => m.severity === 'error').map((m) => m.rule);
      const data = InvoiceHeld.data.parse({
        invoiceId: d.invoiceId,
        municipalityId: state.municipalityId,
        reason: d.reason,
        detail: d.detail,
        rules,
      });
      return message(InvoiceHeld, recorded, data);
    }
    case 'PaymentRecorded': {
      const d = recorded.data;
      const data = InvoicePaymentRecorded.data.parse({
        invoiceId: d.invoiceId,
        number: state.issued?.number,
        municipalityId: state.municipalityId,
        paymentId: d.paymentId,
        amountCents: d.amountCents,
        paidOn: d.paidOn,
        status: state.status,
        outstandingCents: outstandingCents(state),
      });
      return message(InvoicePaymentRecorded, recorded, data);
    }
    case 'InvoiceCancelled': {
      const d = recorded.data;
      const data = InvoiceCancelled.data.parse({
        invoiceId: d.invoiceId,
        number: state.issued?.number,
        municipalityId: state.municipalityId,
        creditNoteId: d.creditNoteId,
        creditNoteNumber: d.creditNoteNumber,
        reason: d.reason,
      });
      return message(InvoiceCancelled, recorded, data);
    }
    case 'InvoiceIssued':
    case 'CreditNoteDrafted':
    case 'CancellationRequested':
      return null;
    default:
      return null;
  }
}

/** `invoicing.invoice.issued.v1` or `invoicing.credit-note.issued.v1`, with both documents as issued (base64). */
export function issuedMessage(recorded: Recorded<IssuedEvent>, state: Invoice, documents: readonly IssuedDocumentBytes[]): EventMessage {
  const d = recorded.data;
  const bytes = new Map(documents.map((doc) => [doc.kind, doc.content]));
  const fields = {
    invoiceId: d.invoiceId,
    number: d.number,
    issueDate: d.issueDate,
    municipalityId: state.municipalityId,
    buyer: {
      name: d.buyer.name,
      leitwegId: d.buyer.leitwegId,
      invoiceEmail: d.buyer.invoiceEmail,
      address: { ...d.buyer.address },
    },
    lines: d.lines.map((l) => ({
      registrationId: l.registrationId,
      offeringId: l.offeringId,
      kind: l.kind,
      description: l.name,
      netCents: l.netCents,
      vat: l.vat,
    })),
    totals: { ...d.totals, currency: 'EUR' },
    documents: d.documents.map((doc) => ({
      kind: doc.kind,
      fileName: doc.fileName,
      mediaType: doc.mediaType,
      sha256: doc.sha256,
      contentBase64: Buffer.from(bytes.get(doc.kind) ?? new Uint8Array()).toString('base64'),
    })),
  };
  const credit = state.creditNote;
  if (credit) {
    const data = CreditNoteIssued.data.parse({
      ...fields,
      precedingInvoice: { ...credit.precedingInvoice },
      reason: credit.reason,
    });
    return {
      topic: CreditNoteIssued.topic,
      key: d.invoiceId,
      event: cloudEvent({ ...common(recorded), type: CreditNoteIssued.type, data }),
    };
  }
  const data = InvoiceIssued.data.parse({ ...fields, dueDate: d.dueDate });
  return { topic: InvoiceIssued.topic, key: d.invoiceId, event: cloudEvent({ ...common(recorded), type: InvoiceIssued.type, data }) };
}

import { type RejectionProblem, type RejectionStatuses, rejectionProblems, validationError } from '@seminarwerk/http';
import type { ReadRejectionCode } from '../app/public-catalogue.ts';
import type { RejectionCode } from '../domain/rejections.ts';

/** Every code the catalogue refuses with, and its status: a code missing here fails the typecheck. */
const statuses: RejectionStatuses<RejectionCode | ReadRejectionCode> = {
  'seminar-not-found': 404,
  'seminar-already-exists': 409,
  'seminar-not-published': 409,
  'seminar-cancelled': 409,
  'seminar-already-cancelled': 409,
  'offering-not-found': 404,
  'offering-already-exists': 409,
  'offering-in-the-past': 422,
  'offering-cancelled': 409,
  'offering-already-cancelled': 409,
  'invalid-field': 400,
  forbidden: 403,
};

const byCode = rejectionProblems(statuses);

/**
 * The catalogue's rejections as problem+json. Input that breaks the catalogue's rules between fields answers
 * like input of the wrong shape: 400 `validation-failed`, every field at fault in `errors` and in the detail.
 */
export const catalogueProblems: RejectionProblem = (rejection) =>
  rejection.code === 'invalid-field' && rejection.fields
    ? validationError(
        rejection.fields.map((f) => ({ path: [f.field], message: f.detail })),
        'body',
      )
    : byCode(rejection);

import { type FieldProblem, type Rejection, reject as rejectWith } from '@seminarwerk/decider';

/** Every reason the catalogue refuses a command. The HTTP edge maps each to a status (src/http/problems.ts). */
export type RejectionCode =
  | 'seminar-not-found'
  | 'seminar-already-exists'
  | 'seminar-not-published'
  | 'seminar-cancelled'
  | 'seminar-already-cancelled'
  | 'offering-not-found'
  | 'offering-already-exists'
  | 'offering-in-the-past'
  | 'offering-cancelled'
  | 'offering-already-cancelled'
  /** Input fields break rules (`fields` names each one with what is wrong). */
  | 'invalid-field';

export type CatalogueRejection = Rejection<RejectionCode>;

export const reject = (code: RejectionCode, detail: string, fields: readonly FieldProblem[] = []): CatalogueRejection =>
  rejectWith(code, detail, fields);

/** Input that breaks rules: every field at fault, in the order the rules are checked. */
export const invalid = (problems: readonly FieldProblem[]): CatalogueRejection =>
  reject('invalid-field', problems.map((p) => `${p.field}: ${p.detail}`).join('; '), problems);

export const invalidField = (field: string, detail: string) => invalid([{ field, detail }]);

export const seminarNotFound = () => reject('seminar-not-found', 'There is no seminar with this id');
export const seminarCancelled = () => reject('seminar-cancelled', 'The seminar is cancelled and cannot change any more');
export const seminarNotPublished = () =>
  reject(
    'seminar-not-published',
    'The seminar is a draft: publish it first (POST /v1/seminars/{seminarId}/publish), or schedule the date as a draft',
  );
export const offeringNotFound = () => reject('offering-not-found', 'There is no offering with this id');
export const offeringCancelled = () => reject('offering-cancelled', 'The offering is cancelled and cannot change any more');
/** The start is in the past; named as a field, like the input rules. */
export const inThePast = (detail: string) => reject('offering-in-the-past', detail, [{ field: 'startsAt', detail }]);

import type pg from 'pg';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export interface OwnCopiesErased {
  accessRequests: number;
  idempotencyRecords: number;
}

/**
 * The gateway's own copies of an erased person: access requests (and their exports) for one of the person's addresses
 * or whose export names one of the registrations, and idempotency records whose stored answer contains an address or
 * a registration id (an answer to a registration POST names the participant). The records keep only a hash of the
 * request, so the answer is all there is to search. Both tables are searched as text in any case: an answer's bytes
 * through `encode(…, 'escape')`, which leaves ASCII as it is and works on any bytes (a PDF too).
 */
export async function eraseOwnCopies(
  db: Queryable,
  person: { emails: readonly string[]; registrationIds: readonly string[] },
): Promise<OwnCopiesErased> {
  const emails = [...new Set(person.emails.map((email) => email.toLowerCase()))];
  const needles = [...emails, ...person.registrationIds.map((id) => id.toLowerCase())];
  if (needles.length === 0) return { accessRequests: 0, idempotencyRecords: 0 };
  const accessRequests = await db.query(
    `DELETE FROM access_requests
      WHERE lower(email) = ANY($1::text[])
         OR (export IS NOT NULL AND EXISTS (SELECT FROM unnest($2::text[]) id WHERE strpos(export::text, id) > 0))`,
    [emails, person.registrationIds],
  );
  const idempotencyRecords = await db.query(
    `DELETE FROM idempotency_records
      WHERE response_body IS NOT NULL
        AND EXISTS (SELECT FROM unnest($1::text[]) needle
                     WHERE strpos(lower(encode(response_body, 'escape')), encode(convert_to(needle, 'UTF8'), 'escape')) > 0)`,
    [needles],
  );
  return { accessRequests: accessRequests.rowCount ?? 0, idempotencyRecords: idempotencyRecords.rowCount ?? 0 };
}

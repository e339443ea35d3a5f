import { Prisma } from '../generated/prisma/client.ts';

// An offering as the API's JSON, written by PostgreSQL: the same bytes as `JSON.stringify(toOfferingDto(row))`
// (read-model.ts), key for key, so that the list hands the database's text on without building objects from rows and
// serialising them again. Change both together: test/offering-list-json.test.ts compares the list's items with the
// answers for single offerings, byte for byte.
//
// `to_json(text)::text` escapes as JSON.stringify does (`\"`, `\\`, `\n`, …, `\u00XX` for other control characters).
// Timestamps are written as `Date#toISOString` writes them (UTC, milliseconds; the columns keep milliseconds).
// json_build_object would be shorter, but writes `"key" : value` with spaces.

/**
 * `venueOf` in read-model.ts: `null` online or without name or city; street and postal code only when not empty.
 * The sessions (jsonb) as JSON.stringify writes them once parsed: jsonb orders an object's keys by length, so
 * `endsAt` comes before `startsAt`, and a session has exactly these two (migration 20261202000000_offering_sessions).
 * Every other column used is NOT NULL, so no NULL can blank out the whole text.
 */
const OFFERING_JSON = `'{"id":"' || p."id"::text
  || '","seminarId":"' || p."seminar_id"::text
  || '","title":' || to_json(p."title")::text
  || ',"startsAt":"' || to_char(p."starts_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  || '","endsAt":"' || to_char(p."ends_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  || '","format":' || to_json(p."format")::text
  || ',"venue":' || CASE
       WHEN p."format" = 'online' OR p."venue_name" IS NULL OR p."venue_city" IS NULL THEN 'null'
       ELSE '{"name":' || to_json(p."venue_name")::text
         || CASE WHEN p."venue_street" <> '' THEN ',"street":' || to_json(p."venue_street")::text ELSE '' END
         || CASE WHEN p."venue_postal_code" <> '' THEN ',"postalCode":' || to_json(p."venue_postal_code")::text ELSE '' END
         || ',"city":' || to_json(p."venue_city")::text || '}'
     END
  || ',"location":' || to_json(p."venue")::text
  || ',"capacity":' || p."capacity"::text
  || ',"seatsAvailable":' || p."seats_available"::text
  || ',"registrationDeadline":"' || to_char(p."registration_deadline", 'YYYY-MM-DD')
  || '","status":' || to_json(p."status")::text
  || ',"sessions":[' || (
       SELECT coalesce(string_agg(
         '{"endsAt":' || to_json(x."session"->>'endsAt')::text || ',"startsAt":' || to_json(x."session"->>'startsAt')::text || '}',
         ',' ORDER BY x."i"), '')
         FROM jsonb_array_elements(p."sessions") WITH ORDINALITY AS x("session", "i"))
  || '],"feeCents":' || p."fee_cents"::text || '}'`;

/** The JSON text of the offering in row `p`: the columns of `offerings` and its seminar's `title` and `fee_cents`. */
export const offeringJson = Prisma.raw(OFFERING_JSON);

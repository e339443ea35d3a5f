-- The seminar is the aggregate of its dates: one stream `seminar-<id>` holds the seminar's events and those of
-- all its offerings (docs/decisions.md). Until now every offering had a stream of its own, `offering-<id>`.
--
-- 1. Each offering's events move into its seminar's stream (the seminar of an offering never changes: the read
--    model knows it). Every event of a seminar stream first gets a version no other row can have, minus its
--    global position, because UNIQUE(stream_id, stream_version) is checked row by row while we renumber.
UPDATE "events" e
   SET "stream_id" = 'seminar-' || o."seminar_id"::text,
       "stream_version" = -e."global_position"::int
  FROM "offerings" o
 WHERE e."stream_id" = 'offering-' || o."id"::text;

UPDATE "events" SET "stream_version" = -"global_position"::int WHERE "stream_id" LIKE 'seminar-%' AND "stream_version" > 0;

-- 2. Each seminar stream is numbered 1, 2, 3, ... in the order the events were recorded. Events that depended
--    on each other were written in that order: a date was scheduled or published under a share lock of its
--    seminar's row that cancelling the seminar waited for. Events of different dates commute.
UPDATE "events" e
   SET "stream_version" = n."version"
  FROM (SELECT "global_position", row_number() OVER (PARTITION BY "stream_id" ORDER BY "global_position")::int AS "version"
          FROM "events" WHERE "stream_id" LIKE 'seminar-%') n
 WHERE e."global_position" = n."global_position";

-- An offering stream without an offering row cannot be placed: stop rather than leave events behind.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "events" WHERE "stream_id" LIKE 'offering-%') THEN
    RAISE EXCEPTION 'events of offerings without a row in "offerings" are left: %',
      (SELECT string_agg(DISTINCT "stream_id", ', ') FROM "events" WHERE "stream_id" LIKE 'offering-%');
  END IF;
END;
$$;

-- The statuses, formats and VAT treatments the catalogue knows (issue 8): anything else is a bug, refused by the
-- database. A new VAT treatment (packages/contracts VatTreatment) needs a migration that widens the check.
ALTER TABLE "seminars"
    ADD CONSTRAINT "seminars_status_check" CHECK ("status" IN ('draft', 'published', 'cancelled')),
    ADD CONSTRAINT "seminars_vat_check" CHECK ("vat" IN ('exempt-4-22a', 'standard-19', 'reduced-7'));
ALTER TABLE "offerings"
    ADD CONSTRAINT "offerings_status_check" CHECK ("status" IN ('draft', 'published', 'cancelled')),
    ADD CONSTRAINT "offerings_format_check" CHECK ("format" IN ('onsite', 'online'));

-- Seminars get a status (draft, published, cancelled); offerings a format and a structured venue.
ALTER TABLE "seminars" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'published';

ALTER TABLE "offerings" ADD COLUMN "format" TEXT NOT NULL DEFAULT 'onsite',
    ADD COLUMN "venue_name" TEXT,
    ADD COLUMN "venue_street" TEXT,
    ADD COLUMN "venue_postal_code" TEXT,
    ADD COLUMN "venue_city" TEXT;

-- Offerings from before: the venue was one line, "City, Name" or "Online …".
UPDATE "offerings" SET "format" = 'online' WHERE "venue" ILIKE 'online%';
UPDATE "offerings"
   SET "venue_city" = btrim(split_part("venue", ',', 1)),
       "venue_name" = coalesce(nullif(btrim(substr("venue", strpos("venue", ',') + 1)), ''), "venue")
 WHERE "format" = 'onsite';

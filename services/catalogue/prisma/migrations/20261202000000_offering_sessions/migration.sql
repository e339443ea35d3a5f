-- The days (sessions) of an offering: a JSON array of { startsAt, endsAt } (RFC 3339, UTC), in order, not
-- overlapping, each inside the offering. Offerings from before have one session: the whole offering.
ALTER TABLE "offerings" ADD COLUMN "sessions" JSONB;
UPDATE "offerings" SET "sessions" = jsonb_build_array(jsonb_build_object(
  'startsAt', to_char("starts_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'endsAt', to_char("ends_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
));
ALTER TABLE "offerings" ALTER COLUMN "sessions" SET NOT NULL;

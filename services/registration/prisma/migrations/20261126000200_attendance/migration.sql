-- Attendance after the date (null: not recorded) and how a cancellation was classified.
ALTER TABLE "registrations" ADD COLUMN "attended" BOOLEAN;
ALTER TABLE "registrations" ADD COLUMN "cancellation" JSONB;

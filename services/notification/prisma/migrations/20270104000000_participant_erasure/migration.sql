-- Issue 14: registration.participant-erased.v1 blanks a registration's person in every copy notification holds
-- (src/app/erasures.ts, docs/decisions.md 125-127).

-- A mail whose recipient's data is erased before it was sent is never sent: the mail sender picks `pending` only.
ALTER TABLE "deliveries"
    DROP CONSTRAINT "deliveries_status_check",
    ADD CONSTRAINT "deliveries_status_check" CHECK ("status" IN ('pending', 'sent', 'failed', 'erased'));

-- When the event that caused a mail happened (its `time`): an erasure with `leftAt` blanks the mails of the events
-- before the person left and leaves those about the substitute. Rows queued before this column take their event's
-- time from the feed where it still has the event, else the time they were queued (never earlier than the event).
ALTER TABLE "deliveries" ADD COLUMN "occurred_at" TIMESTAMPTZ(3);
UPDATE "deliveries" d SET "occurred_at" = p."occurred_at" FROM "public_events" p WHERE p."event_id" = d."trigger_event_id";
UPDATE "deliveries" SET "occurred_at" = "created_at" WHERE "occurred_at" IS NULL;
ALTER TABLE "deliveries"
    ALTER COLUMN "occurred_at" SET NOT NULL,
    ALTER COLUMN "occurred_at" SET DEFAULT CURRENT_TIMESTAMP;

-- One receipt per erasure and registration, also for erasures by retention (no erasure id): the gateway's per-service
-- confirmation (GET /privacy/erasures/:erasureId) and the log of what was blanked. Ids, times and counts only.
CREATE TABLE "erasure_receipts" (
    "id" BIGSERIAL NOT NULL,
    "erasure_id" UUID,
    "registration_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "left_at" TIMESTAMPTZ(3),
    "erased_at" TIMESTAMPTZ(3) NOT NULL,
    -- Rows blanked, summed over every time the erasure was applied (again after a restore)
    "deliveries" INTEGER NOT NULL,
    "public_events" INTEGER NOT NULL,
    "webhook_deliveries" INTEGER NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "erasure_receipts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "erasure_receipts_reason_check" CHECK ("reason" IN ('request', 'retention'))
);
-- A retention erasure has no id: it is one receipt per registration all the same (NULLS NOT DISTINCT, PostgreSQL 15).
CREATE UNIQUE INDEX "erasure_receipts_erasure_id_registration_id_key"
    ON "erasure_receipts"("erasure_id", "registration_id") NULLS NOT DISTINCT;

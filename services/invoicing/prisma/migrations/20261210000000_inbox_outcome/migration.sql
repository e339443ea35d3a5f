-- What the consumer did with each event: handled it, or refused it by its rules (with the code, so
-- refusals are counted and can be looked into instead of disappearing).
ALTER TABLE "processed_messages"
    ADD COLUMN "event_type" TEXT,
    ADD COLUMN "outcome" TEXT NOT NULL DEFAULT 'handled',
    ADD COLUMN "rejection_code" TEXT,
    ADD CONSTRAINT "processed_messages_outcome_check" CHECK ("outcome" IN ('handled', 'rejected')),
    ADD CONSTRAINT "processed_messages_rejection_code_check" CHECK (("outcome" = 'rejected') = ("rejection_code" IS NOT NULL));

-- Issue 10: the event feed (GET /v1/events), signed webhooks to partners, and the municipalities' contacts.

-- Where to write a municipality about its webhooks: from invoicing.customer.changed.v1 (the customer's invoice address).
CREATE TABLE "municipality_contacts" (
    "municipality_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "municipality_contacts_pkey" PRIMARY KEY ("municipality_id")
);

-- Every public event once, as sent (payload: the exact JSON text, so the feed and every retry carry the same bytes).
-- "transaction_id" is the writing transaction's id (xid8 as bigint). The feed serves only rows of transactions older
-- than the oldest one still running (pg_snapshot_xmin), in (transaction_id, position) order: that set never grows
-- behind a cursor, however the writers' commits interleave. Paging by "position" alone would skip a row whose
-- transaction commits after a later position was served (docs/decisions.md).
CREATE TABLE "public_events" (
    "position" BIGSERIAL NOT NULL,
    "transaction_id" BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "municipality_id" TEXT,
    "ordering_key" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "public_events_pkey" PRIMARY KEY ("position"),
    -- WEBHOOK_EVENT_TYPES in packages/contracts/src/api/webhook-events.ts (test/schema.test.ts compares)
    CONSTRAINT "public_events_type_check" CHECK ("type" IN (
        'registration.confirmed', 'registration.waitlisted', 'registration.promoted', 'registration.cancelled',
        'registration.substituted', 'registration.attendance-recorded', 'offering.rescheduled', 'offering.cancelled',
        'invoice.issued', 'invoice.credit-note-issued', 'invoice.paid'))
);
CREATE UNIQUE INDEX "public_events_event_id_key" ON "public_events"("event_id");
CREATE INDEX "public_events_feed_idx" ON "public_events"("transaction_id", "position");
CREATE INDEX "public_events_municipality_feed_idx" ON "public_events"("municipality_id", "transaction_id", "position");
CREATE INDEX "public_events_recorded_at_idx" ON "public_events"("recorded_at");

CREATE TABLE "webhook_subscriptions" (
    "id" UUID NOT NULL,
    -- NULL: every municipality (back office only)
    "municipality_id" TEXT,
    "url" TEXT NOT NULL,
    "events" TEXT[] NOT NULL,
    "description" TEXT,
    -- AES-256-GCM with WEBHOOK_SECRET_KEY (src/app/secret-box.ts): a dump of this table alone reveals no secret
    "secret" TEXT NOT NULL,
    "previous_secret" TEXT,
    "previous_secret_expires_at" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'active',
    "disabled_reason" TEXT,
    "disabled_at" TIMESTAMPTZ(3),
    -- Start of the current run of failed attempts; NULL after a success
    "failing_since" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_subscriptions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_subscriptions_status_check" CHECK ("status" IN ('active', 'disabled')),
    CONSTRAINT "webhook_subscriptions_disabled_reason_check" CHECK ("disabled_reason" IN ('gone', 'failing')),
    CONSTRAINT "webhook_subscriptions_disabled_check" CHECK (("status" = 'disabled') = ("disabled_at" IS NOT NULL AND "disabled_reason" IS NOT NULL)),
    CONSTRAINT "webhook_subscriptions_previous_secret_check" CHECK (("previous_secret" IS NULL) = ("previous_secret_expires_at" IS NULL)),
    CONSTRAINT "webhook_subscriptions_events_check" CHECK (cardinality("events") > 0 AND "events" <@ ARRAY[
        'registration.confirmed', 'registration.waitlisted', 'registration.promoted', 'registration.cancelled',
        'registration.substituted', 'registration.attendance-recorded', 'offering.rescheduled', 'offering.cancelled',
        'invoice.issued', 'invoice.credit-note-issued', 'invoice.paid']::TEXT[])
);
CREATE INDEX "webhook_subscriptions_municipality_id_idx" ON "webhook_subscriptions"("municipality_id");

-- One event for one subscription: the outbox of the webhook sender and the delivery log.
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "subscription_id" UUID NOT NULL,
    "event_position" BIGINT NOT NULL,
    -- The registration (or invoice, or offering) the event is about: per subscription and key, in position order,
    -- a delivery waits until the ones before it are delivered or given up
    "ordering_key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Set at the first attempt: retries end then (3 days by default)
    "retry_until" TIMESTAMPTZ(3),
    "last_attempt_at" TIMESTAMPTZ(3),
    "response_status" INTEGER,
    "duration_ms" INTEGER,
    "error" TEXT,
    "response_body" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE,
    CONSTRAINT "webhook_deliveries_event_position_fkey" FOREIGN KEY ("event_position") REFERENCES "public_events"("position") ON DELETE CASCADE,
    CONSTRAINT "webhook_deliveries_status_check" CHECK ("status" IN ('pending', 'delivered', 'failed')),
    CONSTRAINT "webhook_deliveries_attempts_check" CHECK ("attempts" >= 0),
    CONSTRAINT "webhook_deliveries_delivered_at_check" CHECK (("status" = 'delivered') = ("delivered_at" IS NOT NULL)),
    -- Response bodies are kept to 1 KB
    CONSTRAINT "webhook_deliveries_response_body_check" CHECK (octet_length("response_body") <= 1024)
);
CREATE UNIQUE INDEX "webhook_deliveries_subscription_id_event_position_key" ON "webhook_deliveries"("subscription_id", "event_position");
-- The sender picks due rows, and checks for an earlier pending one of the same line, from these.
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries"("next_attempt_at") WHERE "status" = 'pending';
CREATE INDEX "webhook_deliveries_line_idx" ON "webhook_deliveries"("subscription_id", "ordering_key", "event_position") WHERE "status" = 'pending';
CREATE INDEX "webhook_deliveries_log_idx" ON "webhook_deliveries"("subscription_id", "created_at");
CREATE INDEX "webhook_deliveries_event_position_idx" ON "webhook_deliveries"("event_position");

-- Wakes the webhook sender when deliveries are queued (like the deliveries trigger for e-mail).
CREATE FUNCTION "notify_webhook_deliveries"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('webhook_deliveries', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER "webhook_deliveries_notify" AFTER INSERT ON "webhook_deliveries" FOR EACH STATEMENT EXECUTE FUNCTION "notify_webhook_deliveries"();

-- A webhook subscription switched off is e-mailed to the municipality (TEMPLATES in src/mail/templates.ts).
ALTER TABLE "deliveries"
    DROP CONSTRAINT "deliveries_template_check",
    ADD CONSTRAINT "deliveries_template_check" CHECK ("template" IN (
        'registration-confirmed', 'waitlist-promoted', 'registration-waitlisted', 'registration-cancelled',
        'offering-rescheduled', 'substitute-confirmed', 'substitute-replaced', 'invoice-issued', 'credit-note-issued',
        'webhook-disabled'));

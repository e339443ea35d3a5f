-- The e-mail outbox and delivery log (see schema.prisma, model Delivery).
CREATE TABLE "deliveries" (
    "id" UUID NOT NULL,
    "trigger_event_id" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "registration_id" UUID,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "message_id" TEXT NOT NULL,
    "correlation_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "deliveries_status_check" CHECK ("status" IN ('pending', 'sent', 'failed'))
);
CREATE UNIQUE INDEX "deliveries_trigger_event_id_template_key" ON "deliveries"("trigger_event_id", "template");
CREATE INDEX "deliveries_registration_id_idx" ON "deliveries"("registration_id");
-- The mail sender picks due rows from this index only.
CREATE INDEX "deliveries_due_idx" ON "deliveries"("next_attempt_at") WHERE "status" = 'pending';

-- Wakes the mail sender when a transaction that wrote deliveries commits (like the outbox trigger).
CREATE FUNCTION "notify_deliveries"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('deliveries', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER "deliveries_notify" AFTER INSERT ON "deliveries" FOR EACH STATEMENT EXECUTE FUNCTION "notify_deliveries"();

-- A resend is a new delivery of the same message (decisions.md 78): it names the delivery it repeats.
ALTER TABLE "deliveries" ADD COLUMN "resend_of" UUID REFERENCES "deliveries"("id");

-- One message per template and triggering event, as before; resends repeat that message, so they are left out.
DROP INDEX "deliveries_trigger_event_id_template_key";
CREATE UNIQUE INDEX "deliveries_trigger_event_id_template_key" ON "deliveries"("trigger_event_id", "template") WHERE "resend_of" IS NULL;

-- At most one resend of a message waits to be sent: a second request while it is pending is refused (409 resend-pending).
CREATE UNIQUE INDEX "deliveries_pending_resend_key" ON "deliveries"("resend_of") WHERE "status" = 'pending';

-- The log newest first, a page at a time (keyset over created_at, id).
CREATE INDEX "deliveries_created_at_id_idx" ON "deliveries"("created_at" DESC, "id" DESC);

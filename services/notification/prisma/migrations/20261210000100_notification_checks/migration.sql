-- Closed value sets and invariants of the delivery log as constraints (deliveries.status has its CHECK since
-- 20261126000100_deliveries). The template list is TEMPLATES in src/mail/templates.ts; test/schema.test.ts
-- fails when they and this constraint differ, so a new template comes with a migration.
ALTER TABLE "deliveries"
    ADD CONSTRAINT "deliveries_template_check" CHECK ("template" IN (
        'registration-confirmed', 'waitlist-promoted', 'registration-waitlisted', 'registration-cancelled',
        'offering-rescheduled', 'substitute-confirmed', 'substitute-replaced')),
    ADD CONSTRAINT "deliveries_attempts_check" CHECK ("attempts" >= 0),
    -- A delivery has a send time exactly when it was sent.
    ADD CONSTRAINT "deliveries_sent_at_check" CHECK (("status" = 'sent') = ("sent_at" IS NOT NULL));

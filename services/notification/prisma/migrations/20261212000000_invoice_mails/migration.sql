-- Issue 9: issued invoices and credit notes are e-mailed to the municipality's invoice address, with the XRechnung
-- and the PDF attached. Attachments stay in the JSONB payload: binary ones in base64, exactly as the event carried
-- them, marked "encoding": "base64" (the mail sender decodes them to bytes); text ones (.ics) as before.
ALTER TABLE "deliveries" ADD COLUMN "invoice_id" UUID;
CREATE INDEX "deliveries_invoice_id_idx" ON "deliveries"("invoice_id");

-- Two new templates (TEMPLATES in src/mail/templates.ts; test/schema.test.ts compares).
ALTER TABLE "deliveries"
    DROP CONSTRAINT "deliveries_template_check",
    ADD CONSTRAINT "deliveries_template_check" CHECK ("template" IN (
        'registration-confirmed', 'waitlist-promoted', 'registration-waitlisted', 'registration-cancelled',
        'offering-rescheduled', 'substitute-confirmed', 'substitute-replaced', 'invoice-issued', 'credit-note-issued'));

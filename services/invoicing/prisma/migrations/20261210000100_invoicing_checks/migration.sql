-- Closed value sets as constraints, so that no code path or hand-written UPDATE can store a status or a VAT
-- treatment the code does not know. The lists are INVOICE_STATUSES and VAT_TREATMENTS in src/domain;
-- test/schema.test.ts fails when they and these constraints differ.
ALTER TABLE "invoices"
    ADD CONSTRAINT "invoices_status_check" CHECK ("status" IN ('draft', 'voided')),
    ADD CONSTRAINT "invoices_vat_check" CHECK ("vat" IN ('exempt-4-22a', 'standard-19', 'reduced-7')),
    ADD CONSTRAINT "invoices_currency_check" CHECK ("currency" = 'EUR'),
    ADD CONSTRAINT "invoices_total_cents_check" CHECK ("total_cents" >= 0);

-- Issue 9: billable positions, invoices with numbers, documents, payments, collective invoices.
-- Before this, `registration-invoice-<registrationId>` streams were one draft invoice each (InvoiceDrafted,
-- InvoiceVoided), projected into `invoices`. From now on those streams are positions (the code upcasts the old
-- events when it reads them) and every invoice has a stream of its own, `invoice-<invoiceId>`.

-- Customers: how they are billed, when they pay, and the institute's supplier number with them.
ALTER TABLE "customers"
    ADD COLUMN "billing" TEXT NOT NULL DEFAULT 'per-registration',
    ADD COLUMN "payment_terms_days" INTEGER NOT NULL DEFAULT 30,
    ADD COLUMN "supplier_number" TEXT,
    ADD CONSTRAINT "customers_billing_check" CHECK ("billing" IN ('per-registration', 'collective-monthly')),
    ADD CONSTRAINT "customers_payment_terms_days_check" CHECK ("payment_terms_days" BETWEEN 0 AND 120);

-- Positions: one per registration billed to a municipality; an open one is a line of its draft (invoice_id).
CREATE TABLE "positions" (
    "registration_id" UUID NOT NULL,
    "offering_id" UUID NOT NULL,
    "municipality_id" TEXT NOT NULL,
    "participant" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "service_date" DATE NOT NULL,
    "last_day" DATE NOT NULL,
    "fee_cents" INTEGER NOT NULL,
    "vat" TEXT NOT NULL,
    "purchase_order_reference" TEXT,
    "billing" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "owed_kind" TEXT,
    "owed_percent" INTEGER,
    "owed_cents" INTEGER,
    "invoice_id" UUID,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "positions_pkey" PRIMARY KEY ("registration_id"),
    CONSTRAINT "positions_status_check" CHECK ("status" IN ('open', 'invoiced', 'crediting', 'closed')),
    CONSTRAINT "positions_vat_check" CHECK ("vat" IN ('exempt-4-22a', 'standard-19', 'reduced-7')),
    CONSTRAINT "positions_billing_check" CHECK ("billing" IN ('per-registration', 'collective-monthly')),
    CONSTRAINT "positions_owed_kind_check" CHECK ("owed_kind" IN ('fee', 'cancellation-fee', 'no-show-fee')),
    CONSTRAINT "positions_owed_check" CHECK (("owed_kind" IS NULL) = ("owed_cents" IS NULL) AND ("owed_kind" IS NULL) = ("owed_percent" IS NULL)),
    CONSTRAINT "positions_owed_cents_check" CHECK ("owed_cents" >= 0),
    -- Open, invoiced and crediting positions are on an invoice; closed ones on none.
    CONSTRAINT "positions_invoice_check" CHECK (("status" = 'closed') = ("invoice_id" IS NULL))
);
CREATE INDEX "positions_invoice_id_idx" ON "positions"("invoice_id");

-- The drafts of before become positions: open on their draft, or closed when the draft was voided.
INSERT INTO "positions" ("registration_id", "offering_id", "municipality_id", "participant", "title", "service_date", "last_day",
                         "fee_cents", "vat", "purchase_order_reference", "billing", "status", "owed_kind", "owed_percent", "owed_cents",
                         "invoice_id", "cancelled", "updated_at")
SELECT i."registration_id", i."offering_id", i."municipality_id", '',
       COALESCE(substring(i."description" FROM '^Teilnahmegebühr: (.*) \(\d{4}-\d{2}-\d{2}\)$'), i."description"),
       COALESCE(substring(i."description" FROM '\((\d{4}-\d{2}-\d{2})\)$')::date, (i."created_at" AT TIME ZONE 'UTC')::date),
       COALESCE(substring(i."description" FROM '\((\d{4}-\d{2}-\d{2})\)$')::date, (i."created_at" AT TIME ZONE 'UTC')::date),
       i."total_cents", i."vat", NULL, 'per-registration',
       CASE WHEN i."status" = 'draft' THEN 'open' ELSE 'closed' END,
       CASE WHEN i."status" = 'draft' THEN 'fee' END,
       CASE WHEN i."status" = 'draft' THEN 100 END,
       CASE WHEN i."status" = 'draft' THEN i."total_cents" END,
       CASE WHEN i."status" = 'draft' THEN i."id" END,
       i."status" = 'voided', i."updated_at"
  FROM "invoices" i;

-- Invoices: drafts, held, issued, paid, cancelled and voided invoices and credit notes.
ALTER TABLE "invoices"
    DROP CONSTRAINT "invoices_status_check",
    DROP CONSTRAINT "invoices_vat_check",
    DROP CONSTRAINT "invoices_currency_check",
    DROP CONSTRAINT "invoices_total_cents_check",
    DROP COLUMN "vat",
    DROP COLUMN "currency",
    DROP COLUMN "total_cents",
    DROP COLUMN "description",
    ALTER COLUMN "registration_id" DROP NOT NULL,
    ALTER COLUMN "offering_id" DROP NOT NULL,
    ADD COLUMN "type" TEXT NOT NULL DEFAULT 'invoice',
    ADD COLUMN "billing" TEXT NOT NULL DEFAULT 'per-registration',
    ADD COLUMN "period" TEXT,
    ADD COLUMN "number" TEXT,
    ADD COLUMN "issue_date" DATE,
    ADD COLUMN "due_date" DATE,
    ADD COLUMN "buyer" JSONB,
    ADD COLUMN "purchase_order_reference" TEXT,
    ADD COLUMN "lines" JSONB,
    ADD COLUMN "net_cents" INTEGER,
    ADD COLUMN "vat_cents" INTEGER,
    ADD COLUMN "gross_cents" INTEGER,
    ADD COLUMN "paid_cents" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "preceding_invoice_id" UUID,
    ADD COLUMN "preceding_number" TEXT,
    ADD COLUMN "preceding_issue_date" DATE,
    ADD COLUMN "credit_purpose" TEXT,
    ADD COLUMN "reason" TEXT,
    ADD COLUMN "cancelled_by_id" UUID,
    ADD COLUMN "cancelled_by_number" TEXT,
    ADD COLUMN "hold_reason" TEXT,
    ADD COLUMN "hold_detail" TEXT,
    ADD COLUMN "validation" JSONB,
    ADD CONSTRAINT "invoices_status_check" CHECK ("status" IN ('draft', 'held', 'issued', 'partially-paid', 'paid', 'cancelled', 'voided')),
    ADD CONSTRAINT "invoices_type_check" CHECK ("type" IN ('invoice', 'credit-note')),
    ADD CONSTRAINT "invoices_billing_check" CHECK ("billing" IN ('per-registration', 'collective-monthly')),
    ADD CONSTRAINT "invoices_period_check" CHECK ("period" ~ '^\d{4}-\d{2}$'),
    ADD CONSTRAINT "invoices_credit_purpose_check" CHECK ("credit_purpose" IN ('cancellation', 'line-credit')),
    ADD CONSTRAINT "invoices_hold_reason_check" CHECK ("hold_reason" IN ('missing-customer', 'missing-leitweg-id', 'validation-failed')),
    ADD CONSTRAINT "invoices_paid_cents_check" CHECK ("paid_cents" >= 0 AND "paid_cents" <= COALESCE("gross_cents", 0)),
    -- A number exactly when issued (issued, paid in part or in full, or cancelled since).
    ADD CONSTRAINT "invoices_number_check" CHECK (("number" IS NOT NULL) = ("status" IN ('issued', 'partially-paid', 'paid', 'cancelled'))),
    ADD CONSTRAINT "invoices_credit_note_check" CHECK (("type" = 'credit-note') = ("preceding_invoice_id" IS NOT NULL));
ALTER TABLE "invoices" ALTER COLUMN "type" DROP DEFAULT, ALTER COLUMN "billing" DROP DEFAULT;
DROP INDEX "invoices_registration_id_key";
CREATE INDEX "invoices_registration_id_idx" ON "invoices"("registration_id");
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices"("number");
CREATE INDEX "invoices_created_at_id_idx" ON "invoices"("created_at", "id");
-- One unissued collective invoice per municipality and month: positions of that month join it.
CREATE UNIQUE INDEX "invoices_collective_draft_key" ON "invoices"("municipality_id", "period")
    WHERE "type" = 'invoice' AND "billing" = 'collective-monthly' AND "status" IN ('draft', 'held');

-- Every draft of before gets its invoice stream: opened when it was drafted, voided when it was.
INSERT INTO "events" ("event_id", "stream_id", "stream_version", "type", "data", "metadata", "recorded_at")
SELECT gen_random_uuid(), 'invoice-' || (e."data"->>'invoiceId'), 1, 'InvoiceOpened',
       jsonb_build_object(
         'invoiceId', e."data"->>'invoiceId',
         'municipalityId', e."data"->>'municipalityId',
         'billing', 'per-registration',
         'period', NULL,
         'registration', jsonb_build_object('registrationId', e."data"->>'registrationId', 'offeringId', e."data"->>'offeringId',
                                            'total', e."data"->'total', 'vat', e."data"->'vat'),
         'openedAt', e."data"->>'draftedAt'),
       e."metadata" || jsonb_build_object('migratedFrom', e."stream_id"),
       e."recorded_at"
  FROM "events" e
 WHERE e."type" = 'InvoiceDrafted' AND e."stream_id" LIKE 'registration-invoice-%';
INSERT INTO "events" ("event_id", "stream_id", "stream_version", "type", "data", "metadata", "recorded_at")
SELECT gen_random_uuid(), 'invoice-' || (e."data"->>'invoiceId'), 2, 'InvoiceVoided',
       jsonb_build_object('invoiceId', e."data"->>'invoiceId', 'reason', e."data"->>'reason', 'voidedAt', e."data"->>'voidedAt'),
       e."metadata" || jsonb_build_object('migratedFrom', e."stream_id"),
       e."recorded_at"
  FROM "events" e
 WHERE e."type" = 'InvoiceVoided' AND e."stream_id" LIKE 'registration-invoice-%';

-- Payments against issued invoices.
CREATE TABLE "invoice_payments" (
    "id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "paid_on" DATE NOT NULL,
    "reference" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "invoice_payments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "invoice_payments_amount_cents_check" CHECK ("amount_cents" > 0)
);
CREATE INDEX "invoice_payments_invoice_id_idx" ON "invoice_payments"("invoice_id");

-- Gap-free numbers: one counter row per series and year, incremented in the transaction that issues (its row
-- lock is held until that commits, and a rollback gives the number back). Never a SEQUENCE: those leave gaps.
CREATE TABLE "invoice_number_counters" (
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last_number" INTEGER NOT NULL,
    CONSTRAINT "invoice_number_counters_pkey" PRIMARY KEY ("series", "year"),
    CONSTRAINT "invoice_number_counters_last_number_check" CHECK ("last_number" > 0)
);

-- The documents as issued, byte for byte, with their SHA-256 (GoBD: kept unchanged; nothing may update or
-- delete them, not even a hand-written statement).
CREATE TABLE "invoice_documents" (
    "invoice_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "invoice_documents_pkey" PRIMARY KEY ("invoice_id", "kind"),
    CONSTRAINT "invoice_documents_kind_check" CHECK ("kind" IN ('xrechnung', 'pdf')),
    CONSTRAINT "invoice_documents_media_type_check" CHECK ("media_type" IN ('application/xml', 'application/pdf')),
    CONSTRAINT "invoice_documents_sha256_check" CHECK ("sha256" = encode(sha256("content"), 'hex'))
);
CREATE FUNCTION "refuse_document_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issued documents are kept as issued (GoBD): % on invoice_documents refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "invoice_documents_immutable" BEFORE UPDATE OR DELETE ON "invoice_documents"
    FOR EACH ROW EXECUTE FUNCTION "refuse_document_change"();
CREATE TRIGGER "invoice_documents_no_truncate" BEFORE TRUNCATE ON "invoice_documents"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_document_change"();

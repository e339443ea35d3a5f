-- Issue 14: a receipt per (erasure, registration) once invoicing blanked its copies of the person (erasure.ts), also
-- for erasures by retention (no erasure id: NULLS NOT DISTINCT makes those one receipt per registration too).
CREATE TABLE "erasure_receipts" (
    "id" BIGSERIAL NOT NULL,
    "erasure_id" UUID,
    "registration_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "left_at" TIMESTAMPTZ(3),
    "erased_at" TIMESTAMPTZ(3) NOT NULL,
    "event_id" TEXT NOT NULL,
    "blanked" INTEGER NOT NULL,
    "kept_on_documents" INTEGER NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL,
    "reapplied_at" TIMESTAMPTZ(3),
    CONSTRAINT "erasure_receipts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "erasure_receipts_reason_check" CHECK ("reason" IN ('request', 'retention')),
    CONSTRAINT "erasure_receipts_counts_check" CHECK ("blanked" >= 0 AND "kept_on_documents" >= 0)
);
CREATE UNIQUE INDEX "erasure_receipts_erasure_registration_key"
    ON "erasure_receipts"("erasure_id", "registration_id") NULLS NOT DISTINCT;

-- Issued documents stay as issued, except that the retention job deletes them once their retention period (§ 147 AO,
-- § 14b UStG) is over: only a transaction that says so (SET LOCAL invoicing.document_retention = 'expired') may
-- delete, and still never update or truncate (invoice-retention.ts).
CREATE OR REPLACE FUNCTION "refuse_document_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('invoicing.document_retention', true) = 'expired' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'issued documents are kept as issued (GoBD): % on invoice_documents refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Enum-like columns accept only the values the code knows; a partner key always names its municipality.
ALTER TABLE "api_keys"
    ADD CONSTRAINT "api_keys_role_check" CHECK ("role" IN ('partner', 'back-office')),
    ADD CONSTRAINT "api_keys_partner_municipality_check" CHECK ("role" <> 'partner' OR "municipality_id" IS NOT NULL);

ALTER TABLE "idempotency_records"
    ADD CONSTRAINT "idempotency_records_state_check" CHECK ("state" IN ('in-progress', 'completed'));

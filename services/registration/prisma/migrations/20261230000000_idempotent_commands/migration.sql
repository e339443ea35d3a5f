-- Decision 103: what a command decided under a caller's Idempotency-Key (as the gateway signs it on:
-- `<apiKeyId>:<key>`), written in the decision's own transaction, so a retry after the answer was lost (the gateway
-- died) answers the same registrations instead of deciding again. Rows older than the gateway's TTL are purged.
CREATE TABLE "idempotent_commands" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "request_hash" TEXT NOT NULL,
    "registration_ids" UUID[] NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "idempotent_commands_created_at_idx" ON "idempotent_commands" ("created_at");

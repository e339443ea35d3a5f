-- Decision 120: participants' names and addresses are sealed in the events with a key per person and registration
-- (AES-256-GCM); erasure deletes the key. The digest finds a person's keys by address and goes with them.
CREATE TABLE "participant_keys" (
    "id" UUID NOT NULL PRIMARY KEY,
    "registration_id" UUID NOT NULL,
    "email_digest" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "participant_keys_email_digest_idx" ON "participant_keys" ("email_digest");
CREATE INDEX "participant_keys_registration_id_idx" ON "participant_keys" ("registration_id");

-- An erasure request as registration carried it out (ids only): a repeated request answers the same.
CREATE TABLE "erasures" (
    "id" UUID NOT NULL PRIMARY KEY,
    "registration_ids" UUID[] NOT NULL,
    "key_ids" UUID[] NOT NULL,
    "erased_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- The read model says when a registration's person was erased (names and address are then empty).
ALTER TABLE "registrations" ADD COLUMN "erased_at" TIMESTAMPTZ(3);

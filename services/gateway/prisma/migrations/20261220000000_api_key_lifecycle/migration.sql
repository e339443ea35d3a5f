-- Issue 10: keys with a visible prefix, scopes, an expiry (a rotated key's grace period), a successor, and when they
-- were last used. Keys created before have no prefix (their plaintext was never stored) and keep the role's full rights.
ALTER TABLE "api_keys"
    ADD COLUMN "prefix" TEXT,
    ADD COLUMN "scopes" TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN "last_used_at" TIMESTAMPTZ(3),
    ADD COLUMN "expires_at" TIMESTAMPTZ(3),
    ADD COLUMN "replaced_by" UUID,
    ADD CONSTRAINT "api_keys_replaced_by_fkey" FOREIGN KEY ("replaced_by") REFERENCES "api_keys"("id"),
    -- An empty list means "no restriction": the role's full rights.
    ADD CONSTRAINT "api_keys_scopes_check"
        CHECK ("scopes" <@ ARRAY['registrations:write', 'registrations:read', 'invoices:read', 'catalogue:read']::TEXT[]);

CREATE INDEX "api_keys_municipality_id_created_at_idx" ON "api_keys"("municipality_id", "created_at");

-- Every gateway instance LISTENs on this channel and forgets the keys it remembers, so a revocation, a rotation's
-- expiry or a change of scopes applies everywhere within a second, whoever made it (the API or an operator's UPDATE).
-- last_used_at changes are not announced: they change nobody's rights.
CREATE FUNCTION "notify_api_key_changed"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('api_keys_changed', COALESCE(NEW."id", OLD."id")::TEXT);
    RETURN NULL;
END
$$;

CREATE TRIGGER "api_keys_rights_changed" AFTER UPDATE ON "api_keys" FOR EACH ROW
    WHEN (OLD."revoked_at" IS DISTINCT FROM NEW."revoked_at"
       OR OLD."expires_at" IS DISTINCT FROM NEW."expires_at"
       OR OLD."scopes" IS DISTINCT FROM NEW."scopes"
       OR OLD."role" IS DISTINCT FROM NEW."role"
       OR OLD."municipality_id" IS DISTINCT FROM NEW."municipality_id"
       OR OLD."key_hash" IS DISTINCT FROM NEW."key_hash")
    EXECUTE FUNCTION "notify_api_key_changed"();

CREATE TRIGGER "api_keys_deleted" AFTER DELETE ON "api_keys" FOR EACH ROW
    EXECUTE FUNCTION "notify_api_key_changed"();

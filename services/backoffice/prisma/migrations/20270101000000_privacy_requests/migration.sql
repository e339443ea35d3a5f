-- The data protection requests (DSGVO Art. 15 and 17) staff started through the back office, so they can come back to
-- one: the gateway has no list of them. The request's id is the gateway's; its status is read from the gateway, never
-- kept here. No e-mail address and no name of the person: this table must not become a list of who asked.
CREATE TABLE privacy_requests (
  id          uuid PRIMARY KEY,
  kind        text NOT NULL CONSTRAINT privacy_requests_kind_check CHECK (kind IN ('access', 'erasure')),
  started_by  uuid NOT NULL REFERENCES staff_accounts (id),
  started_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX privacy_requests_started_at_idx ON privacy_requests (started_at);

-- The back office's own data: who may sign in, and who is signed in. Everything else it shows or changes lives
-- behind the gateway's API (docs/architecture.md, Back office).

CREATE TABLE staff_accounts (
  id              uuid PRIMARY KEY,
  username        text NOT NULL,
  display_name    text NOT NULL,
  role            text NOT NULL CONSTRAINT staff_accounts_role_check CHECK (role IN ('sachbearbeitung', 'rechnungswesen', 'admin')),
  -- argon2id in PHC string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash): the parameters travel with the hash.
  password_hash   text NOT NULL,
  failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  disabled_at     timestamptz,
  CONSTRAINT staff_accounts_username_key UNIQUE (username),
  CONSTRAINT staff_accounts_username_format CHECK (username ~ '^[a-z0-9._-]{2,60}$')
);

-- One row per signed-in browser. The id is the SHA-256 (hex) of the random token in the cookie, so a copy of this
-- table signs nobody in.
CREATE TABLE staff_sessions (
  id            text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  staff_id      uuid NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);

CREATE INDEX staff_sessions_staff_id_idx ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_expires_at_idx ON staff_sessions (expires_at);

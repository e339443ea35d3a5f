-- Issue 14: erasure requests (DSGVO Art. 17), and the erasure ledger they become (decisions.md 131–132). What the back
-- office asked for (an e-mail address or a registration id) is kept only until registration has answered; from then on
-- a row holds ids only, and is kept: after a database restore, `npm run privacy:reapply-erasures` applies every
-- completed erasure again from it (docs/privacy.md).
CREATE TABLE "erasure_requests" (
    "id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    -- Exactly one of them while registration has not answered; both null afterwards.
    "email" TEXT,
    "registration_id" UUID,
    -- Registration's answer: the registrations whose person was erased, and the ids of the keys registration erased.
    "registration_ids" UUID[] NOT NULL DEFAULT '{}',
    "key_ids" TEXT[] NOT NULL DEFAULT '{}',
    -- The staff member's actor (`staff:<name>` or `key:<id>`) and key: the erasure runs in their name.
    "requested_by" TEXT NOT NULL,
    "requested_by_key" UUID NOT NULL,
    -- Per service: "pending" or "completed".
    "services" JSONB NOT NULL,
    -- Why a request failed: a problem type (e.g. registration-not-found), never personal data.
    "failure" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    -- When registration answered (its ids are then recorded, the address or id asked for dropped).
    "answered_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    -- When `privacy:reapply-erasures` last applied it again (after a restore).
    "reapplied_at" TIMESTAMPTZ(3),

    CONSTRAINT "erasure_requests_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "erasure_requests_status_check" CHECK ("status" IN ('pending', 'completed', 'failed')),
    CONSTRAINT "erasure_requests_subject_check" CHECK (
        num_nonnulls("email", "registration_id") = CASE WHEN "status" = 'pending' AND "answered_at" IS NULL THEN 1 ELSE 0 END
    ),
    CONSTRAINT "erasure_requests_completed_check" CHECK (("status" = 'completed') = ("completed_at" IS NOT NULL AND "answered_at" IS NOT NULL)),
    CONSTRAINT "erasure_requests_failed_check" CHECK (("status" = 'failed') = ("failure" IS NOT NULL AND "completed_at" IS NULL))
);

CREATE INDEX "erasure_requests_pending_idx" ON "erasure_requests" ("requested_at") WHERE "status" = 'pending';

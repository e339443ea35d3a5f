-- Issue 14: access requests (DSGVO Art. 15). The gateway collects what every service holds about one person and keeps
-- the export here until the back office fetches it (decisions.md 118).
CREATE TABLE "access_requests" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    -- The staff member's actor (`staff:<name>` or `key:<id>`) and key: the collection runs in their name.
    "requested_by" TEXT NOT NULL,
    "requested_by_key" UUID NOT NULL,
    -- Per service: "pending" or "completed".
    "services" JSONB NOT NULL,
    "export" JSONB,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "access_requests_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "access_requests_status_check" CHECK ("status" IN ('pending', 'completed')),
    CONSTRAINT "access_requests_completed_check" CHECK (("status" = 'completed') = ("completed_at" IS NOT NULL AND "export" IS NOT NULL))
);

CREATE INDEX "access_requests_pending_idx" ON "access_requests" ("requested_at") WHERE "status" = 'pending';

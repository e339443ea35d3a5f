CREATE TABLE "registrations" (
    "id" UUID NOT NULL,
    "offering_id" UUID NOT NULL,
    "municipality_id" TEXT,
    "booked_by" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "waitlist_seq" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "registrations_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "registrations_offering_id_status_waitlist_seq_idx" ON "registrations"("offering_id", "status", "waitlist_seq");
CREATE INDEX "registrations_municipality_id_created_at_idx" ON "registrations"("municipality_id", "created_at");

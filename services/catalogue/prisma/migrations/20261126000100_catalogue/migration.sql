CREATE TABLE "seminars" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "lecturers" TEXT[],
    "fee_cents" INTEGER NOT NULL,
    "vat" TEXT NOT NULL,
    "cancellation_terms" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "seminars_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "offerings" (
    "id" UUID NOT NULL,
    "seminar_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "venue" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "registration_deadline" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "seats_available" INTEGER NOT NULL,
    "availability_version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "offerings_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "offerings_seminar_id_idx" ON "offerings"("seminar_id");
CREATE INDEX "offerings_starts_at_idx" ON "offerings"("starts_at");
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_seminar_id_fkey" FOREIGN KEY ("seminar_id") REFERENCES "seminars"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The read model accepts only what the projection writes: the three statuses of a registration, and a
-- waiting-list order exactly for the waitlisted (positions are counted from it at read time).
ALTER TABLE "registrations"
    ADD CONSTRAINT "registrations_status_check" CHECK ("status" IN ('confirmed', 'waitlisted', 'cancelled')),
    ADD CONSTRAINT "registrations_waitlist_seq_check" CHECK (("status" = 'waitlisted') = ("waitlist_seq" IS NOT NULL));

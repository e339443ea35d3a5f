-- Issue 9: the municipality's purchase order or file reference (Bestellnummer / Aktenzeichen) for the invoice
-- (XRechnung BT-13), as given with the registration or the group booking. Null for bookings without one, and for
-- every registration booked before (their events carry none).
ALTER TABLE "registrations"
    ADD COLUMN "purchase_order_reference" TEXT,
    ADD CONSTRAINT "registrations_purchase_order_reference_check"
        CHECK (char_length("purchase_order_reference") BETWEEN 1 AND 100);

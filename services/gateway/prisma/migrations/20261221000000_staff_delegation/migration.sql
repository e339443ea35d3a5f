-- Issue 11: the back-office app's key may act for staff members (scope staff:delegate, X-Acting-Staff). Only a
-- back-office key may hold it: a partner key never speaks for the institute's staff.
ALTER TABLE "api_keys"
    DROP CONSTRAINT "api_keys_scopes_check",
    ADD CONSTRAINT "api_keys_scopes_check"
        CHECK ("scopes" <@ ARRAY['registrations:write', 'registrations:read', 'invoices:read', 'catalogue:read', 'staff:delegate']::TEXT[]),
    ADD CONSTRAINT "api_keys_staff_delegate_check"
        CHECK ("role" = 'back-office' OR NOT ('staff:delegate' = ANY ("scopes")));

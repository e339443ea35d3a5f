-- A replayed answer must be the first answer's bytes, whatever its content type: kept as text, a binary answer
-- (a PDF) would lose every byte that is not valid UTF-8. The answers kept so far are text and convert losslessly.
ALTER TABLE "idempotency_records"
    ALTER COLUMN "response_body" TYPE BYTEA USING convert_to("response_body", 'UTF8');

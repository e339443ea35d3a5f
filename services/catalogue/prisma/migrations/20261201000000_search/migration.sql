-- Full-text search over the public catalogue in German ("Presse" finds "Pressearbeit" by stem and prefix).
-- An expression index rather than a generated column: the schema-drift check compares every column with
-- schema.prisma, and Prisma leaves `Unsupported` fields out of its runtime data model. The query must use
-- exactly this expression (`seminarDocument` in src/app/public-catalogue.ts) for the index to apply.
-- (A generated column could not hold the lecturers either: array_to_string is not immutable.)
CREATE INDEX "seminars_search_idx" ON "seminars" USING GIN (
  to_tsvector('german'::regconfig, "title" || ' ' || "topic" || ' ' || "summary" || ' ' || "description" || ' ' || "audience")
);

-- The public lists read published offerings in date order.
CREATE INDEX "offerings_status_starts_at_id_idx" ON "offerings"("status", "starts_at", "id");

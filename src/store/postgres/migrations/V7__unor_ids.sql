-- SIASN's id of a unit (UNOR ID), by unit code: read by an import to place people by
-- it, shown with the unit. Keyed by code with no foreign key, as the sled store keeps
-- it: a removed unit's entry stays, so that undoing the removal (which brings the unit
-- back under its code) brings its UNOR ID back. Written only by a whole write.

CREATE TABLE IF NOT EXISTS unor_ids (
    unit_code text PRIMARY KEY,
    unor_id text NOT NULL
);
COMMENT ON TABLE unor_ids IS 'SIASN UNOR ID of units, by unit code.';

CREATE OR REPLACE TRIGGER note_replacement BEFORE TRUNCATE ON unor_ids
    FOR EACH STATEMENT EXECUTE FUNCTION jabat.note_replacement();
CREATE OR REPLACE TRIGGER guard_content BEFORE INSERT OR UPDATE OR DELETE ON unor_ids
    FOR EACH STATEMENT EXECUTE FUNCTION jabat.guard_content();

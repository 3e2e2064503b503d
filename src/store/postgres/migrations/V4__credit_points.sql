-- Credit points (angka kredit) by year, for the kenaikan jenjang of functional posts
-- (PermenPANRB 1/2023): a list per employee like the other records, guarded the same
-- way (a change only with a journal entry of its author's, or in a replacement).

CREATE TABLE IF NOT EXISTS credit_points (
    nip bigint NOT NULL REFERENCES employees (nip) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq integer NOT NULL,
    year smallint NOT NULL,
    thousandths integer NOT NULL CHECK (thousandths >= 0),
    PRIMARY KEY (nip, seq)
);
COMMENT ON TABLE credit_points IS 'Credit points (angka kredit) earned in a year, in thousandths of a point.';

CREATE OR REPLACE TRIGGER note_replacement BEFORE TRUNCATE ON credit_points
    FOR EACH STATEMENT EXECUTE FUNCTION jabat.note_replacement();
CREATE OR REPLACE TRIGGER guard_content BEFORE INSERT OR UPDATE OR DELETE ON credit_points
    FOR EACH STATEMENT EXECUTE FUNCTION jabat.guard_content();

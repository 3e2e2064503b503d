-- Job descriptions (anjab, PermenPANRB 1/2020): per position its rows in order, each a
-- section of the form, the item it is of (a task's name, a requirement's key) and its
-- text; guarded like every content table (a change only with a journal entry of its
-- author's, or in a replacement).

CREATE TABLE IF NOT EXISTS anjab (
    position_id integer NOT NULL REFERENCES positions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq integer NOT NULL,
    section text NOT NULL CHECK (section IN ('summary', 'task_step', 'task_result', 'material', 'tool',
        'responsibility', 'authority', 'correlation', 'condition', 'hazard', 'requirement', 'expected')),
    item text NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (position_id, seq)
);
COMMENT ON TABLE anjab IS 'Job descriptions (analisis jabatan) of positions, a row per line of the form.';

CREATE OR REPLACE TRIGGER note_replacement BEFORE TRUNCATE ON anjab
    FOR EACH STATEMENT EXECUTE FUNCTION jabat.note_replacement();
CREATE OR REPLACE TRIGGER guard_content BEFORE INSERT OR UPDATE OR DELETE ON anjab
    FOR EACH STATEMENT EXECUTE FUNCTION jabat.guard_content();

-- The content the last replace took away, kept until the next replace so that it can be
-- brought back (`jabat ops undo` right after an `import --replace`): a table of the same
-- columns beside each content table, filled from it in the replacing transaction, and
-- the meta key 'replaced' saying who replaced it, when, and what it was. A migration
-- that adds a column to a content table adds it here too (bringing back copies the
-- columns in order). Guarded like the content: written only within a replacement.

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['units', 'positions', 'employees', 'ratings', 'assessments', 'penalties',
        'trainings', 'grade_history', 'position_history', 'credit_points', 'standards', 'tasks', 'anjab',
        'unor_ids', 'derived_unit_totals', 'derived_people', 'derived_tokens'] LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS jabat.%I (LIKE jabat.%I)', 'previous_' || t, t);
        EXECUTE format('COMMENT ON TABLE jabat.%I IS %L', 'previous_' || t,
                       'The content of ' || t || ' the last replace took away, kept to bring back.');
        EXECUTE format('CREATE OR REPLACE TRIGGER note_replacement BEFORE TRUNCATE ON jabat.%I
                        FOR EACH STATEMENT EXECUTE FUNCTION jabat.note_replacement()', 'previous_' || t);
        EXECUTE format('CREATE OR REPLACE TRIGGER guard_content BEFORE INSERT OR UPDATE OR DELETE ON jabat.%I
                        FOR EACH STATEMENT EXECUTE FUNCTION jabat.guard_content()', 'previous_' || t);
    END LOOP;
END
$$;

-- What jabat promises, enforced by the engine for every role but the tables' owner
-- (the role that ran `jabat db migrate`, trusted like the owner of a database
-- directory): whatever a role sends, through jabat or psql,
--   * the structure, the people, their records and what is derived from them change only
--     in a transaction that has written a journal entry in the changer's own name first,
--     or that replaces the whole content (TRUNCATE, an administrator's: recorded in
--     `replacements`);
--   * a journal entry carries the name of the role that wrote it, comes next in order,
--     and is never changed or removed;
--   * a review's marks carry the name of whoever last changed them, its history is only
--     added to or taken back from the end, and it has one nominee at most;
--   * a draft is its author's (or an administrator's) to change or drop.
-- docs/security.md says why each, and what it does not cover.

-- The owner of jabat's schema, or a member of that role (a superuser is one).
CREATE OR REPLACE FUNCTION is_owner() RETURNS boolean LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce((SELECT pg_has_role(session_user, n.nspowner, 'MEMBER')
                     FROM pg_namespace n WHERE n.nspname = 'jabat'), false)
$$;

-- The group role of a jabat role on this database, as `jabat db grant` names it:
-- `<database>_<role>`, or for a long name its start and 8 digits of its MD5.
CREATE OR REPLACE FUNCTION group_of(role text) RETURNS text LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    db text := current_database();
    tail text;
BEGIN
    IF octet_length(db || '_' || role) <= 63 THEN
        RETURN db || '_' || role;
    END IF;
    tail := '_' || left(md5(db), 8) || '_' || role;
    WHILE octet_length(db) > 63 - octet_length(tail) LOOP
        db := left(db, -1);
    END LOOP;
    RETURN db || tail;
END
$$;

-- Whether the session's role is a jabat administrator of this database.
CREATE OR REPLACE FUNCTION is_admin() RETURNS boolean LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    admins text := jabat.group_of('admin');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = admins) THEN
        RETURN false;
    END IF;
    RETURN pg_has_role(session_user, admins, 'MEMBER');
END
$$;

-- Each replacement of the whole content, and who made it: written by the engine when an
-- administrator empties the tables (`import --replace`, `db rebuild`), and what lets the
-- rest of that transaction fill them.
CREATE TABLE IF NOT EXISTS replacements (
    xact xid8 PRIMARY KEY,
    by_user text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE replacements IS 'Each replacement of the whole content (import --replace, db rebuild): the transaction, who, when. Written by the engine.';

CREATE OR REPLACE FUNCTION note_replacement() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, jabat, pg_temp AS $$
BEGIN
    INSERT INTO jabat.replacements (xact, by_user) VALUES (pg_current_xact_id(), session_user)
        ON CONFLICT (xact) DO NOTHING;
    RETURN NULL;
END
$$;

-- Whether this transaction wrote the journal's last entry, in the session's own name.
CREATE OR REPLACE FUNCTION journalled() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, jabat, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM jabat.journal j
        WHERE j.seq = (SELECT max(seq) FROM jabat.journal)
          AND j.xmin = pg_current_xact_id()::xid
          AND j.by_user = session_user::text)
$$;

CREATE OR REPLACE FUNCTION guard_content() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, jabat, pg_temp AS $$
BEGIN
    IF jabat.is_owner() OR jabat.journalled()
        OR EXISTS (SELECT 1 FROM jabat.replacements WHERE xact = pg_current_xact_id()) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING
        ERRCODE = 'insufficient_privilege',
        MESSAGE = format('%s on jabat.%s by %s without a journal entry of theirs first in the same transaction',
                         TG_OP, TG_TABLE_NAME, session_user),
        HINT = 'jabat''s tables change through jabat, each change with its journal entry (docs/security.md)';
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['units', 'positions', 'employees', 'ratings', 'assessments', 'penalties',
        'trainings', 'grade_history', 'position_history', 'standards', 'tasks', 'derived_unit_totals',
        'derived_people', 'derived_tokens', 'derived_touched', 'meta'] LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER note_replacement BEFORE TRUNCATE ON jabat.%I
                        FOR EACH STATEMENT EXECUTE FUNCTION jabat.note_replacement()', t);
        EXECUTE format('CREATE OR REPLACE TRIGGER guard_content BEFORE INSERT OR UPDATE OR DELETE ON jabat.%I
                        FOR EACH STATEMENT EXECUTE FUNCTION jabat.guard_content()', t);
    END LOOP;
END
$$;

-- The journal: stamped with the session's role (the column and the entry alike), in
-- order (the entry's own number is the row's), never rewritten.
CREATE OR REPLACE FUNCTION stamp_journal() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, jabat, pg_temp AS $$
BEGIN
    IF jabat.is_owner() THEN
        RETURN NEW;
    END IF;
    IF NEW.seq IS DISTINCT FROM (SELECT coalesce(max(seq), 0) + 1 FROM jabat.journal) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('journal entry %s is not the next one', NEW.seq);
    END IF;
    NEW.by_user := session_user;
    NEW.entry := jsonb_set(jsonb_set(NEW.entry, '{stamp,user}', to_jsonb(session_user::text)), '{seq}', to_jsonb(NEW.seq));
    RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER stamp_journal BEFORE INSERT ON journal FOR EACH ROW EXECUTE FUNCTION stamp_journal();

CREATE OR REPLACE FUNCTION refuse_unless_owner() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, jabat, pg_temp AS $$
BEGIN
    IF jabat.is_owner() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = format('%s on jabat.%s by %s: what is written there stays as written', TG_OP, TG_TABLE_NAME,
                         session_user);
END
$$;
CREATE OR REPLACE TRIGGER keep_journal BEFORE UPDATE OR DELETE ON journal FOR EACH ROW EXECUTE FUNCTION refuse_unless_owner();
CREATE OR REPLACE TRIGGER keep_journal_whole BEFORE TRUNCATE ON journal FOR EACH STATEMENT EXECUTE FUNCTION refuse_unless_owner();
CREATE OR REPLACE TRIGGER keep_replacements BEFORE UPDATE OR DELETE ON replacements FOR EACH ROW EXECUTE FUNCTION refuse_unless_owner();

-- Reviews: who changed a mark is the session's role; the history only grows or shrinks
-- at its end (an undo); one nominee at most.
CREATE OR REPLACE FUNCTION is_prefix(a jsonb, b jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp AS $$
    SELECT jsonb_array_length(a) <= jsonb_array_length(b)
       AND NOT EXISTS (SELECT 1 FROM generate_series(0, jsonb_array_length(a) - 1) AS i WHERE a -> i IS DISTINCT FROM b -> i)
$$;

CREATE OR REPLACE FUNCTION stamp_review() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, jabat, pg_temp AS $$
DECLARE
    before jsonb := CASE WHEN TG_OP = 'UPDATE' THEN coalesce(OLD.review -> 'marks', '[]') ELSE '[]' END;
    marks jsonb := '[]';
    m jsonb;
    o jsonb;
BEGIN
    IF jabat.is_owner() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.position_code IS DISTINCT FROM OLD.position_code THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = 'a review stays with its position';
    END IF;
    IF NEW.review ->> 'position' IS DISTINCT FROM NEW.position_code THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'a review names its own position';
    END IF;
    FOR m IN SELECT value FROM jsonb_array_elements(coalesce(NEW.review -> 'marks', '[]')) LOOP
        SELECT value INTO o FROM jsonb_array_elements(before) WHERE value -> 'nip' = m -> 'nip';
        IF o IS NOT NULL AND (o -> 'decision', o -> 'note', o -> 'displaced_by', o -> 'stamp' -> 'at')
            IS NOT DISTINCT FROM (m -> 'decision', m -> 'note', m -> 'displaced_by', m -> 'stamp' -> 'at') THEN
            m := jsonb_set(m, '{stamp}', o -> 'stamp');
        ELSE
            m := jsonb_set(m, '{stamp,user}', to_jsonb(session_user::text));
        END IF;
        marks := marks || jsonb_build_array(m);
    END LOOP;
    NEW.review := jsonb_set(NEW.review, '{marks}', marks);
    IF TG_OP = 'UPDATE'
        AND NOT jabat.is_prefix(coalesce(OLD.review -> 'history', '[]'), coalesce(NEW.review -> 'history', '[]'))
        AND NOT jabat.is_prefix(coalesce(NEW.review -> 'history', '[]'), coalesce(OLD.review -> 'history', '[]')) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'a review''s history is only added to, or undone from its end';
    END IF;
    IF (SELECT count(*) FROM jsonb_array_elements(marks) AS x WHERE lower(x.value ->> 'decision') = 'nominated') > 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = 'a position has one nominee at most';
    END IF;
    RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER stamp_review BEFORE INSERT OR UPDATE ON reviews FOR EACH ROW EXECUTE FUNCTION stamp_review();
CREATE OR REPLACE TRIGGER keep_reviews BEFORE DELETE ON reviews FOR EACH ROW EXECUTE FUNCTION refuse_unless_owner();

-- Drafts: made in the session's own name; changed or dropped by their author or an
-- administrator only.
CREATE OR REPLACE FUNCTION guard_draft() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, jabat, pg_temp AS $$
BEGIN
    IF jabat.is_owner() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.by_user := session_user;
        NEW.draft := jsonb_set(NEW.draft, '{created,user}', to_jsonb(session_user::text));
        RETURN NEW;
    END IF;
    IF OLD.by_user IS DISTINCT FROM session_user::text AND NOT jabat.is_admin() THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('draft %s is %s''s: only its author or an administrator may change or drop it',
                             OLD.name, OLD.by_user);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    NEW.name := OLD.name;
    NEW.by_user := OLD.by_user;
    NEW.created := OLD.created;
    NEW.draft := jsonb_set(NEW.draft, '{created}', OLD.draft -> 'created');
    RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER guard_draft BEFORE INSERT OR UPDATE OR DELETE ON drafts FOR EACH ROW EXECUTE FUNCTION guard_draft();

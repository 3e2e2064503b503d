-- jabat's tables in PostgreSQL: the structure (units, positions), the employees and
-- their records, the reviews, the journal and the drafts as real tables an agency's
-- own SQL users and reporting tools can read; then what jabat derives from them
-- (marked DERIVED: rebuilt by `jabat db rebuild`, never to be edited by hand).
-- Dates are `date`, times `timestamptz`; vocabularies are spelled as in jabat's CSV
-- files (docs/data-format.md); a NIP is its 18 digits as a bigint.

CREATE TABLE units (
    id integer PRIMARY KEY,
    -- Unique when each change is in: two units may swap codes within one change.
    code text NOT NULL CONSTRAINT units_code_unique UNIQUE DEFERRABLE INITIALLY DEFERRED,
    parent_id integer REFERENCES units (id) DEFERRABLE INITIALLY DEFERRED,
    name text NOT NULL,
    kind text NOT NULL DEFAULT '',
    eselon text
);
CREATE INDEX units_by_parent ON units (parent_id, id);
COMMENT ON TABLE units IS 'Organization units (unit organisasi): an instansi has no parent; the rest form its tree.';
COMMENT ON COLUMN units.id IS 'jabat''s internal id (stable; codes may change).';
COMMENT ON COLUMN units.code IS 'The unit''s code, unique (e.g. 1276.23.03).';
COMMENT ON COLUMN units.parent_id IS 'The unit above; NULL for an instansi.';
COMMENT ON COLUMN units.kind IS 'The agency''s word for its kind (dinas, badan, bidang, seksi …), lower case.';
COMMENT ON COLUMN units.eselon IS 'Eselon recorded on the unit (I.a … V.a).';

CREATE TABLE positions (
    id integer PRIMARY KEY,
    code text NOT NULL CONSTRAINT positions_code_unique UNIQUE DEFERRABLE INITIALLY DEFERRED,
    unit_id integer NOT NULL REFERENCES units (id) DEFERRABLE INITIALLY DEFERRED,
    name text NOT NULL,
    kind text NOT NULL,
    level text,
    eselon text,
    class smallint,
    needed integer,
    head boolean NOT NULL DEFAULT false
);
CREATE INDEX positions_by_unit ON positions (unit_id, id);
COMMENT ON TABLE positions IS 'Positions (jabatan) of each unit, with their kebutuhan (needed headcount).';
COMMENT ON COLUMN positions.kind IS 'jpt, administrator, pengawas, pelaksana or fungsional.';
COMMENT ON COLUMN positions.level IS 'Jenjang of a JPT or functional position (pratama, ahli_muda …).';
COMMENT ON COLUMN positions.class IS 'Kelas jabatan, 1–17.';
COMMENT ON COLUMN positions.needed IS 'Kebutuhan: how many people the position needs (NULL: not set).';
COMMENT ON COLUMN positions.head IS 'Whether it heads its unit.';

CREATE TABLE employees (
    nip bigint PRIMARY KEY,
    name text NOT NULL,
    status text NOT NULL,
    grade text,
    grade_since date,
    position_id integer REFERENCES positions (id) DEFERRABLE INITIALLY DEFERRED,
    position_since date,
    education text,
    service_start_override date,
    potential smallint
);
CREATE INDEX employees_by_position ON employees (position_id, nip);
CREATE INDEX employees_unplaced ON employees (nip) WHERE position_id IS NULL;
COMMENT ON TABLE employees IS 'Employees (PNS and PPPK); birth date and sex are read from the NIP.';
COMMENT ON COLUMN employees.nip IS 'NIP, the 18 digits.';
COMMENT ON COLUMN employees.grade IS 'Golongan: III/b for a PNS, a Roman numeral for a PPPK.';
COMMENT ON COLUMN employees.position_id IS 'The position held; NULL while on the holding list (belum ditempatkan).';
COMMENT ON COLUMN employees.position_since IS 'TMT jabatan.';
COMMENT ON COLUMN employees.service_start_override IS 'Start of service when not the first of the NIP''s appointment month.';
COMMENT ON COLUMN employees.potential IS 'Potential score 0–100 (talent assessment).';

-- An employee's and a position's lists keep their order in `seq` (from 0).
CREATE TABLE ratings (
    nip bigint NOT NULL REFERENCES employees (nip) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq integer NOT NULL,
    year smallint NOT NULL,
    rating text NOT NULL,
    PRIMARY KEY (nip, seq)
);
COMMENT ON TABLE ratings IS 'Yearly performance ratings (predikat kinerja): sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang.';

CREATE TABLE assessments (
    nip bigint NOT NULL REFERENCES employees (nip) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq integer NOT NULL,
    competency text NOT NULL,
    level smallint NOT NULL,
    assessed_on date,
    PRIMARY KEY (nip, seq)
);
COMMENT ON TABLE assessments IS 'Assessed competency levels (1–5); competency by id (integritas … or teknis:<id>).';

CREATE TABLE penalties (
    nip bigint NOT NULL REFERENCES employees (nip) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq integer NOT NULL,
    severity text NOT NULL,
    start_date date NOT NULL,
    end_date date,
    PRIMARY KEY (nip, seq)
);
COMMENT ON TABLE penalties IS 'Disciplinary penalties (hukuman disiplin): ringan, sedang, berat.';

CREATE TABLE trainings (
    nip bigint NOT NULL REFERENCES employees (nip) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq integer NOT NULL,
    name text NOT NULL,
    kind text NOT NULL DEFAULT '',
    year smallint,
    PRIMARY KEY (nip, seq)
);
COMMENT ON TABLE trainings IS 'Trainings (diklat) attended.';

CREATE TABLE grade_history (
    nip bigint NOT NULL REFERENCES employees (nip) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq integer NOT NULL,
    since date NOT NULL,
    grade text NOT NULL,
    PRIMARY KEY (nip, seq)
);
COMMENT ON TABLE grade_history IS 'Grade history (riwayat golongan), oldest first.';

CREATE TABLE position_history (
    nip bigint NOT NULL REFERENCES employees (nip) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq integer NOT NULL,
    from_date date NOT NULL,
    to_date date,
    position text NOT NULL,
    position_code text,
    unit text,
    kind text,
    level text,
    PRIMARY KEY (nip, seq)
);
CREATE INDEX position_history_by_code ON position_history (position_code) WHERE position_code IS NOT NULL;
COMMENT ON TABLE position_history IS 'Posts held before the current one (riwayat jabatan), in their own words.';

CREATE TABLE standards (
    position_id integer NOT NULL REFERENCES positions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq integer NOT NULL,
    competency text NOT NULL,
    level smallint NOT NULL,
    PRIMARY KEY (position_id, seq)
);
COMMENT ON TABLE standards IS 'Competency standards of positions (standar kompetensi jabatan).';

CREATE TABLE tasks (
    position_id integer NOT NULL REFERENCES positions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq integer NOT NULL,
    task text NOT NULL,
    volume double precision NOT NULL,
    minutes double precision NOT NULL,
    PRIMARY KEY (position_id, seq)
);
COMMENT ON TABLE tasks IS 'Workload tasks of positions (analisis beban kerja, ABK): yearly volume, standard minutes.';

CREATE TABLE reviews (
    position_code text PRIMARY KEY,
    review jsonb NOT NULL
);
COMMENT ON TABLE reviews IS 'Reviews of candidates per position (the Baperjakat''s decisions and notes), whole, as jabat writes them.';
CREATE VIEW review_marks AS
    SELECT r.position_code, (m ->> 'nip')::bigint AS nip, m ->> 'decision' AS decision, m ->> 'note' AS note,
           m -> 'stamp' ->> 'user' AS by_user, to_timestamp((m -> 'stamp' ->> 'at')::bigint) AS at
    FROM reviews r, jsonb_array_elements(r.review -> 'marks') AS m;
COMMENT ON VIEW review_marks IS 'Each candidate''s decision and note, who made it and when (from reviews).';

CREATE TABLE journal (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    by_user text NOT NULL,
    origin text NOT NULL,
    reason text,
    ops jsonb NOT NULL,
    inverse jsonb NOT NULL,
    entry jsonb NOT NULL
);
COMMENT ON TABLE journal IS 'Every committed change: who (the database''s session_user), when, why, its operations and their inverse.';

CREATE TABLE drafts (
    name text PRIMARY KEY,
    by_user text NOT NULL,
    created timestamptz NOT NULL,
    draft jsonb NOT NULL
);
COMMENT ON TABLE drafts IS 'Drafts: changes kept apart from the structure until applied.';

-- DERIVED: what jabat works out from the tables above (rebuilt by `jabat db rebuild`).
CREATE TABLE derived_unit_totals (
    unit_id integer PRIMARY KEY REFERENCES units (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    totals bytea NOT NULL
);
COMMENT ON TABLE derived_unit_totals IS 'DERIVED: kebutuhan, bezetting and workload summed over each unit''s subtree (packed).';
CREATE TABLE derived_people (
    instansi integer NOT NULL,
    branch integer NOT NULL,
    chunk integer NOT NULL,
    people bytea NOT NULL,
    PRIMARY KEY (instansi, branch, chunk)
);
COMMENT ON TABLE derived_people IS 'DERIVED: the people of each branch of an instansi as the rules read them (packed).';
CREATE TABLE derived_tokens (
    key bytea PRIMARY KEY,
    ids bigint[] NOT NULL
);
COMMENT ON TABLE derived_tokens IS 'DERIVED: search tokens of names and codes, each with the ids it finds.';
CREATE TABLE derived_touched (
    seq bigint PRIMARY KEY,
    touched bytea NOT NULL
);
COMMENT ON TABLE derived_touched IS 'DERIVED: the nodes each journal entry touched, for refusing an edit that overlaps another.';
CREATE TABLE meta (
    key text PRIMARY KEY,
    value bytea NOT NULL
);
COMMENT ON TABLE meta IS 'jabat''s own state: the counts (stats, DERIVED), what undo and redo would take.';

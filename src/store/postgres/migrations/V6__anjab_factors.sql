-- The job evaluation's factor levels (evaluasi jabatan, PermenPANRB 34/2011) are kept
-- with the anjab as rows of the section 'factor': the item the factor's key, the body
-- its level.

ALTER TABLE anjab DROP CONSTRAINT IF EXISTS anjab_section_check;
ALTER TABLE anjab ADD CONSTRAINT anjab_section_check CHECK (section IN ('summary', 'task_step', 'task_result',
    'material', 'tool', 'responsibility', 'authority', 'correlation', 'condition', 'hazard', 'requirement',
    'expected', 'factor'));

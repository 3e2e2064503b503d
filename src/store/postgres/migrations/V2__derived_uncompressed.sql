-- The derived values are read whole, and far more often than written: kept out of line
-- but uncompressed, a read skips pglz's decompression (the people of a large dinas were
-- a third of its gap matrix). Rows written before this keep their form until rewritten
-- (`jabat db rebuild`, or the next import).
ALTER TABLE derived_people ALTER COLUMN people SET STORAGE EXTERNAL;
ALTER TABLE derived_tokens ALTER COLUMN ids SET STORAGE EXTERNAL;
ALTER TABLE derived_unit_totals ALTER COLUMN totals SET STORAGE EXTERNAL;

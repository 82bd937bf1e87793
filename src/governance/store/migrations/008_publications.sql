-- 008: published scorecards. A vendor manager publishes a vendor's scorecards for a month or a
-- quarter: a frozen copy of every line (actual, targets and the amendment in force, points,
-- weight, status), of each card's score and standing, and of the period's credits, as a JSON
-- document. A publication is never changed: republishing adds the next version (with its
-- reason) and the earlier ones stay. Ranks are not frozen (they compare with other vendors, and
-- a vendor's partners may read its publications): they are ranked among the scores shown.

CREATE SEQUENCE seq_publication_id START 1;
CREATE TABLE scorecard_publications (
    publication_id  INTEGER PRIMARY KEY DEFAULT nextval('seq_publication_id'),
    vendor_id       INTEGER NOT NULL,
    period          VARCHAR NOT NULL,     -- 2026-10 or 2026Q3
    period_start    DATE NOT NULL,
    period_end      DATE NOT NULL,
    version         INTEGER NOT NULL,     -- 1, then 2 when republished, …
    published_by    VARCHAR NOT NULL,
    published_at    TIMESTAMP NOT NULL,
    reason          VARCHAR,              -- why it was republished (none for the first)
    document        VARCHAR NOT NULL,     -- JSON: {"summary": [...], "lines": [...], "credits": [...]}
    UNIQUE (vendor_id, period, version)
);

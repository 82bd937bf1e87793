-- 012: the stakeholder survey. Each quarter the client's own staff (by role, never by name)
-- rate each vendor on four dimensions, 1 to 5, with an optional comment: entered on a page or
-- loaded from any survey tool's export. One row per respondent per vendor per quarter; who
-- answered is not kept (no name, address or respondent id). The mean over the quarter's ratings
-- is the relationship score a contract may score (KPI relationship_score); under 3 respondents
-- it is withheld. The contract says which quarters are surveyed by naming the target.

CREATE SEQUENCE seq_survey_response_id START 1;
CREATE TABLE survey_responses (
    response_id     INTEGER PRIMARY KEY DEFAULT nextval('seq_survey_response_id'),
    vendor_id       INTEGER NOT NULL,
    quarter         DATE NOT NULL,      -- the quarter's first day
    stakeholder_role VARCHAR NOT NULL,  -- e.g. "Operations", "Finance": a role, not a person
    responsiveness  INTEGER CHECK (responsiveness BETWEEN 1 AND 5),
    reporting       INTEGER CHECK (reporting BETWEEN 1 AND 5),
    proactivity     INTEGER CHECK (proactivity BETWEEN 1 AND 5),
    partnership     INTEGER CHECK (partnership BETWEEN 1 AND 5),
    comment         VARCHAR,
    source          VARCHAR NOT NULL,   -- "entered on a page", or the loaded file's name
    recorded_by     VARCHAR NOT NULL,
    recorded_at     TIMESTAMP NOT NULL,
    CHECK (responsiveness IS NOT NULL OR reporting IS NOT NULL OR proactivity IS NOT NULL
           OR partnership IS NOT NULL)
);

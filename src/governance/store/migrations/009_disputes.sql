-- 009: the vendor's answer to a published scorecard. Its partner acknowledges a publication, or
-- disputes lines of it with a reason and optional evidence (a file kept with the dispute); the
-- VMO resolves each dispute: upheld (an override of the line: the generated value, the new
-- value and the reason) or rejected (with a reason). The contract sets the deadlines in
-- business days: to dispute after publication, and to resolve after the dispute.

ALTER TABLE contracts ADD COLUMN dispute_days INTEGER DEFAULT 10;
ALTER TABLE contracts ADD COLUMN dispute_resolve_days INTEGER DEFAULT 20;

CREATE SEQUENCE seq_acknowledgement_id START 1;
CREATE TABLE scorecard_acknowledgements (
    acknowledgement_id INTEGER PRIMARY KEY DEFAULT nextval('seq_acknowledgement_id'),
    publication_id     INTEGER NOT NULL,
    vendor_id          INTEGER NOT NULL,
    acknowledged_by    VARCHAR NOT NULL,
    acknowledged_at    TIMESTAMP NOT NULL,
    note               VARCHAR
);

CREATE SEQUENCE seq_dispute_id START 1;
CREATE TABLE scorecard_disputes (
    dispute_id       INTEGER PRIMARY KEY DEFAULT nextval('seq_dispute_id'),
    publication_id   INTEGER NOT NULL,
    vendor_id        INTEGER NOT NULL,
    program          VARCHAR,              -- the card (none: the whole vendor)
    kpi              VARCHAR NOT NULL,
    channel          VARCHAR,
    reason           VARCHAR NOT NULL,
    evidence_name    VARCHAR,
    evidence         BLOB,
    raised_by        VARCHAR NOT NULL,
    raised_at        TIMESTAMP NOT NULL,
    status           VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'rejected')),
    generated_value  DOUBLE,               -- the line's published actual
    new_value        DOUBLE,               -- upheld: the value the line takes
    resolution       VARCHAR,
    resolved_by      VARCHAR,
    resolved_at      TIMESTAMP,
    version          INTEGER NOT NULL DEFAULT 1
);

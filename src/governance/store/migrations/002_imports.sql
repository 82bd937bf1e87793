-- 002: imports. Mapping profiles per vendor, the upload an import batch came from, the
-- components a batch carried, restatements with before/after totals, and the snapshot of
-- the rows a batch restated so that rolling it back brings them back exactly.

CREATE TABLE mapping_profiles (
    vendor_id   INTEGER PRIMARY KEY,
    profile     VARCHAR NOT NULL,     -- TOML, as interfaces.md describes
    updated_by  VARCHAR NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

ALTER TABLE import_batches ADD COLUMN import_id VARCHAR;        -- one upload may hold several vendors
ALTER TABLE import_batches ADD COLUMN grain VARCHAR DEFAULT 'day';
ALTER TABLE import_batches ADD COLUMN shape VARCHAR DEFAULT 'aggregated';
ALTER TABLE import_batches ADD COLUMN components VARCHAR;       -- comma-separated canonical names
ALTER TABLE import_batches ADD COLUMN identifying_data VARCHAR; -- none | aggregated: how columns that identify people were handled
ALTER TABLE import_batches ADD COLUMN rolled_back_by VARCHAR;
ALTER TABLE import_batches ADD COLUMN rolled_back_at TIMESTAMP;

CREATE SEQUENCE seq_restatement_id START 1;
CREATE TABLE restatements (
    restatement_id    INTEGER PRIMARY KEY DEFAULT nextval('seq_restatement_id'),
    batch_id          INTEGER NOT NULL,   -- the batch that restated
    vendor_id         INTEGER NOT NULL,
    period_from       DATE NOT NULL,
    period_to         DATE NOT NULL,
    components        VARCHAR NOT NULL,
    replaced_batches  VARCHAR,            -- comma-separated batch ids whose values were replaced
    rows_before       BIGINT NOT NULL,
    before_totals     VARCHAR NOT NULL,   -- JSON: component -> total over the slice before
    after_totals      VARCHAR NOT NULL,   -- JSON: component -> total over the slice after
    recorded_at       TIMESTAMP NOT NULL
);

-- The rows of a vendor x period slice exactly as they were before a batch restated them.
CREATE TABLE restated_facts (
    restated_by             INTEGER NOT NULL,
    vendor_id               INTEGER NOT NULL,
    program                 VARCHAR,
    site                    VARCHAR,
    channel                 VARCHAR,
    language                VARCHAR,
    queue                   VARCHAR,
    date                    DATE NOT NULL,
    grain                   VARCHAR NOT NULL,
    batch_id                INTEGER,
    offered                 DOUBLE,
    answered                DOUBLE,
    abandoned               DOUBLE,
    short_abandoned         DOUBLE,
    answered_within_sl      DOUBLE,
    wait_time_sec           DOUBLE,
    handle_time_sec         DOUBLE,
    resolved_first_contact  DOUBLE,
    fcr_eligible            DOUBLE,
    csat_satisfied          DOUBLE,
    csat_responses          DOUBLE,
    nps_promoters           DOUBLE,
    nps_detractors          DOUBLE,
    nps_responses           DOUBLE,
    qa_points               DOUBLE,
    qa_possible             DOUBLE,
    intervals               DOUBLE,
    intervals_meeting_sl    DOUBLE,
    headcount               DOUBLE,
    leavers                 DOUBLE,
    early_leavers           DOUBLE,
    new_hires               DOUBLE,
    trained                 DOUBLE,
    training_assigned       DOUBLE,
    invoiced_amount         DOUBLE,
    billed_units            DOUBLE
);

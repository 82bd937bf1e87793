-- 001: the initial schema. Applied once; never edited after it lands (add 002_… instead).
-- No table has a column for an individual vendor employee: the grain stops at
-- vendor / program / site / channel / language / queue.

CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);

CREATE SEQUENCE seq_vendor_id START 1;
CREATE TABLE vendors (
    vendor_id            INTEGER PRIMARY KEY DEFAULT nextval('seq_vendor_id'),
    name                 VARCHAR NOT NULL UNIQUE,
    status               VARCHAR NOT NULL DEFAULT 'active'
                         CHECK (status IN ('active', 'onboarding', 'exiting', 'inactive')),
    -- Governance contacts are the vendor's leadership (roles), never its agents.
    account_manager      VARCHAR,
    operations_director  VARCHAR,
    executive_sponsor    VARCHAR,
    created_at           TIMESTAMP NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE programs (
    name         VARCHAR PRIMARY KEY,
    description  VARCHAR
);

CREATE TABLE sites (
    vendor_id  INTEGER NOT NULL,
    name       VARCHAR NOT NULL,
    country    VARCHAR,
    PRIMARY KEY (vendor_id, name)
);

CREATE SEQUENCE seq_batch_id START 1;
CREATE TABLE import_batches (
    batch_id       INTEGER PRIMARY KEY DEFAULT nextval('seq_batch_id'),
    vendor_id      INTEGER NOT NULL,
    file_name      VARCHAR NOT NULL,
    content_hash   VARCHAR NOT NULL,
    source         VARCHAR NOT NULL DEFAULT 'import',   -- import | demo
    status         VARCHAR NOT NULL,                     -- loaded | restated | rolled_back
    imported_by    VARCHAR NOT NULL,
    imported_at    TIMESTAMP NOT NULL,
    profile        VARCHAR,                              -- the mapping profile used, as TOML
    rows_read      BIGINT NOT NULL DEFAULT 0,
    rows_loaded    BIGINT NOT NULL DEFAULT 0,
    rows_rejected  BIGINT NOT NULL DEFAULT 0,
    period_from    DATE,
    period_to      DATE
);

-- Additive components at grain vendor x program x site x channel x language x queue x day.
-- A NULL component means "not reported", never zero. Rows of a weekly or monthly file keep
-- their own grain; `date` is then the first day of that week or month.
CREATE TABLE kpi_facts (
    vendor_id               INTEGER NOT NULL,
    program                 VARCHAR,
    site                    VARCHAR,
    channel                 VARCHAR CHECK (channel IN ('voice', 'chat', 'email', 'messaging', 'social', 'back_office')),
    language                VARCHAR,
    queue                   VARCHAR,
    date                    DATE NOT NULL,
    grain                   VARCHAR NOT NULL DEFAULT 'day' CHECK (grain IN ('day', 'week', 'month')),
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

CREATE SEQUENCE seq_contract_id START 1;
CREATE TABLE contracts (
    contract_id            INTEGER PRIMARY KEY DEFAULT nextval('seq_contract_id'),
    vendor_id              INTEGER NOT NULL,
    name                   VARCHAR NOT NULL,
    start_date             DATE NOT NULL,
    end_date               DATE,
    pricing                VARCHAR NOT NULL CHECK (pricing IN ('per_productive_hour', 'per_handled_minute',
                               'per_contact', 'per_fte', 'outcome_based')),
    monthly_fee_basis      DOUBLE,
    at_risk_pct            DOUBLE NOT NULL DEFAULT 10,
    pool_pct_available     DOUBLE,
    earn_back_windows      INTEGER NOT NULL DEFAULT 3,
    repeated_miss_count    INTEGER NOT NULL DEFAULT 4,
    renewal_notice         DATE,
    legal_review           DATE,
    sl_over                VARCHAR NOT NULL DEFAULT 'offered'
                           CHECK (sl_over IN ('offered', 'answered', 'offered_less_short_abandons')),
    sl_threshold_seconds   INTEGER NOT NULL DEFAULT 20,
    short_abandon_seconds  INTEGER,
    csat_scale             INTEGER NOT NULL DEFAULT 5,
    csat_top_box           INTEGER NOT NULL DEFAULT 2,
    created_at             TIMESTAMP NOT NULL,
    version                INTEGER NOT NULL DEFAULT 1,
    UNIQUE (vendor_id, name)
);

CREATE TABLE contract_programs (
    contract_id  INTEGER NOT NULL,
    program      VARCHAR NOT NULL,
    PRIMARY KEY (contract_id, program)
);

CREATE SEQUENCE seq_amendment_id START 1;
CREATE TABLE amendments (
    amendment_id    INTEGER PRIMARY KEY DEFAULT nextval('seq_amendment_id'),
    contract_id     INTEGER NOT NULL,
    effective_from  DATE NOT NULL,
    reason          VARCHAR NOT NULL,
    approved_by     VARCHAR NOT NULL,
    recorded_by     VARCHAR NOT NULL,
    recorded_at     TIMESTAMP NOT NULL
);

-- One row per version of a target: a target in force on day d is the row whose
-- [effective_from, effective_to] contains d. Amendments add rows; history is never rewritten.
CREATE SEQUENCE seq_target_id START 1;
CREATE TABLE targets (
    target_id           INTEGER PRIMARY KEY DEFAULT nextval('seq_target_id'),
    contract_id         INTEGER NOT NULL,
    kpi                 VARCHAR NOT NULL,
    program             VARCHAR,
    channel             VARCHAR,
    expected            DOUBLE NOT NULL,
    minimum             DOUBLE NOT NULL,
    weight              DOUBLE NOT NULL DEFAULT 0,
    tier                VARCHAR NOT NULL DEFAULT 'key' CHECK (tier IN ('critical', 'key')),
    allocation_pct      DOUBLE,
    category_pct        DOUBLE,
    measurement_window  VARCHAR NOT NULL DEFAULT 'month' CHECK (measurement_window IN ('month', 'quarter')),
    effective_from      DATE NOT NULL,
    effective_to        DATE,
    amendment_id        INTEGER,
    version             INTEGER NOT NULL DEFAULT 1
);

CREATE SEQUENCE seq_escalation_id START 1;
CREATE TABLE escalations (
    escalation_id    INTEGER PRIMARY KEY DEFAULT nextval('seq_escalation_id'),
    vendor_id        INTEGER NOT NULL,
    program          VARCHAR,
    site             VARCHAR,
    category         VARCHAR NOT NULL CHECK (category IN ('service_performance', 'compliance_data_security',
                         'billing', 'relationship', 'operational_incident')),
    severity         VARCHAR NOT NULL CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
    level            VARCHAR NOT NULL DEFAULT 'L1' CHECK (level IN ('L1', 'L2', 'L3')),
    status           VARCHAR NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'acknowledged', 'escalated', 'resolved', 'closed')),
    title            VARCHAR NOT NULL,
    description      VARCHAR,
    raised_by        VARCHAR NOT NULL,
    raised_at        TIMESTAMP NOT NULL,
    acknowledged_at  TIMESTAMP,
    resolved_at      TIMESTAMP,
    closed_at        TIMESTAMP,
    root_cause       VARCHAR,
    resolution       VARCHAR,
    version          INTEGER NOT NULL DEFAULT 1
);

CREATE SEQUENCE seq_escalation_event_id START 1;
CREATE TABLE escalation_events (
    event_id       INTEGER PRIMARY KEY DEFAULT nextval('seq_escalation_event_id'),
    escalation_id  INTEGER NOT NULL,
    occurred_at    TIMESTAMP NOT NULL,
    actor          VARCHAR NOT NULL,
    from_status    VARCHAR,
    to_status      VARCHAR NOT NULL,
    from_level     VARCHAR,
    to_level       VARCHAR NOT NULL,
    note           VARCHAR
);

CREATE SEQUENCE seq_meeting_id START 1;
CREATE TABLE meetings (
    meeting_id    INTEGER PRIMARY KEY DEFAULT nextval('seq_meeting_id'),
    vendor_id     INTEGER NOT NULL,
    kind          VARCHAR NOT NULL CHECK (kind IN ('MBR', 'QBR', 'steering')),
    meeting_date  DATE NOT NULL,
    title         VARCHAR NOT NULL,
    attendees     VARCHAR,     -- client staff and vendor leadership, by role
    agenda        VARCHAR,
    minutes       VARCHAR,
    pack_file     VARCHAR,
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE SEQUENCE seq_decision_id START 1;
CREATE TABLE decisions (
    decision_id  INTEGER PRIMARY KEY DEFAULT nextval('seq_decision_id'),
    meeting_id   INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);

CREATE SEQUENCE seq_action_id START 1;
CREATE TABLE action_items (
    action_id      INTEGER PRIMARY KEY DEFAULT nextval('seq_action_id'),
    vendor_id      INTEGER NOT NULL,
    meeting_id     INTEGER,
    escalation_id  INTEGER,
    kpi            VARCHAR,
    description    VARCHAR NOT NULL,
    owner_side     VARCHAR NOT NULL CHECK (owner_side IN ('client', 'vendor')),
    owner          VARCHAR NOT NULL,   -- a role or organisation, e.g. "Vendor account manager"
    due_date       DATE NOT NULL,
    status         VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
    created_at     TIMESTAMP NOT NULL,
    completed_at   TIMESTAMP,
    version        INTEGER NOT NULL DEFAULT 1
);

-- Append-only: services insert; nothing updates or deletes.
CREATE SEQUENCE seq_audit_id START 1;
CREATE TABLE audit_events (
    event_id   BIGINT PRIMARY KEY DEFAULT nextval('seq_audit_id'),
    occurred_at  TIMESTAMP NOT NULL,
    actor      VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,
    action     VARCHAR NOT NULL,
    entity     VARCHAR NOT NULL,
    entity_id  VARCHAR,
    before     VARCHAR,   -- JSON
    after      VARCHAR    -- JSON
);

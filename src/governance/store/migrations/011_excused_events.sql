-- 011: excused events. A client-caused outage, force majeure or a holiday the contract excludes,
-- recorded for a vendor (optionally one program, site or channel) over a date range, with a
-- reason and its approver. The days it covers are left out of the measurement of the KPIs the
-- contract lets events excuse (excused_kpis, JSON; none: service level, abandonment, speed of
-- answer), not counted as zero.

ALTER TABLE contracts ADD COLUMN excused_kpis VARCHAR;

CREATE SEQUENCE seq_excused_event_id START 1;
CREATE TABLE excused_events (
    event_id     INTEGER PRIMARY KEY DEFAULT nextval('seq_excused_event_id'),
    vendor_id    INTEGER NOT NULL,
    program      VARCHAR,
    site         VARCHAR,
    channel      VARCHAR,
    date_from    DATE NOT NULL,
    date_to      DATE NOT NULL,
    kind         VARCHAR NOT NULL CHECK (kind IN ('client_outage', 'force_majeure', 'holiday', 'other')),
    reason       VARCHAR NOT NULL,
    approved_by  VARCHAR NOT NULL,
    recorded_by  VARCHAR NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    CHECK (date_to >= date_from)
);

-- 016: a month's KPI facts summed, for a PostgreSQL server (issue 17: the Portfolio and the
-- monthly scorecards read about a ninth of the rows). One row per vendor, program, site, channel,
-- language, queue, grain and month and per pattern of the components not reported (``nulls``, a
-- bit per component): every KPI of the engine (a ratio of sums over the rows that report all its
-- components) is exact over these rows, and ``days`` (bit d-1 for day d of the month) counts the
-- distinct days a stock (headcount) was reported.
--
-- Derived data: on a server, triggers on kpi_facts mark the vendor-months a write touched in
-- kpi_rollup_dirty and the next read recomputes them (``store.rollup``). In a DuckDB file both
-- tables stay empty and nothing reads them; copies and backups leave them out.

CREATE TABLE kpi_month_rollup (
    vendor_id               INTEGER NOT NULL,
    program                 VARCHAR,
    site                    VARCHAR,
    channel                 VARCHAR,
    language                VARCHAR,
    queue                   VARCHAR,
    grain                   VARCHAR NOT NULL,
    month                   DATE NOT NULL,
    nulls                   INTEGER NOT NULL,
    days                    BIGINT NOT NULL,
    fact_rows               BIGINT NOT NULL,
    first_date              DATE NOT NULL,
    last_date               DATE NOT NULL,
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

CREATE SEQUENCE seq_rollup_mark_id START 1;
CREATE TABLE kpi_rollup_dirty (
    mark_id    BIGINT PRIMARY KEY DEFAULT nextval('seq_rollup_mark_id'),
    vendor_id  INTEGER NOT NULL,
    month      DATE NOT NULL
);

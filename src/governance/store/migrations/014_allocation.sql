-- 014: volume allocation. For a program and month, the client's forecast of offered contacts
-- and the share of it allocated to each vendor (percent, adding up to 100); the facts say what
-- each vendor actually received and how it served it.

CREATE SEQUENCE seq_volume_plan_id START 1;
CREATE TABLE volume_plans (
    plan_id          INTEGER PRIMARY KEY DEFAULT nextval('seq_volume_plan_id'),
    program          VARCHAR NOT NULL,
    month            DATE NOT NULL,          -- its first day
    forecast_offered DOUBLE NOT NULL CHECK (forecast_offered >= 0),
    source           VARCHAR NOT NULL,       -- "entered", or the loaded file's name
    recorded_by      VARCHAR NOT NULL,
    recorded_at      TIMESTAMP NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE volume_shares (
    plan_id    INTEGER NOT NULL,
    vendor_id  INTEGER NOT NULL,
    share_pct  DECIMAL(7, 4) NOT NULL CHECK (share_pct >= 0 AND share_pct <= 100),
    PRIMARY KEY (plan_id, vendor_id)
);

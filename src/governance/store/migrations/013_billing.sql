-- 013: commercial terms and invoices. A contract's rate card (per program and optionally
-- channel: the unit billed, its price, volume bands, a minimum monthly commitment), with dated
-- versions like targets; the vendor's invoices, their lines and status; the tolerance above
-- which a line's variance against what the KPI data supports is flagged. Money is exact
-- (DECIMAL), in the contract's currency.

ALTER TABLE contracts ADD COLUMN billing_tolerance_pct DECIMAL(9, 4) DEFAULT 2;

CREATE SEQUENCE seq_rate_id START 1;
CREATE TABLE rate_cards (
    rate_id          INTEGER PRIMARY KEY DEFAULT nextval('seq_rate_id'),
    contract_id      INTEGER NOT NULL,
    program          VARCHAR,            -- none: every program of the contract
    channel          VARCHAR,            -- none: every channel
    unit             VARCHAR NOT NULL CHECK (unit IN ('contact', 'handled_minute',
                         'productive_hour', 'fte', 'training_hour')),
    price            DECIMAL(18, 6) NOT NULL,
    bands            VARCHAR,            -- JSON [[from_units, price], ...] as decimal text
    minimum_monthly  DECIMAL(18, 2),     -- the least billed in a month for this line
    effective_from   DATE NOT NULL,
    effective_to     DATE,
    version          INTEGER NOT NULL DEFAULT 1
);

CREATE SEQUENCE seq_invoice_id START 1;
CREATE TABLE invoices (
    invoice_id   INTEGER PRIMARY KEY DEFAULT nextval('seq_invoice_id'),
    vendor_id    INTEGER NOT NULL,
    invoice_no   VARCHAR NOT NULL,
    month        DATE NOT NULL,          -- the month billed (its first day)
    currency     VARCHAR,
    status       VARCHAR NOT NULL DEFAULT 'received' CHECK (status IN ('received',
                     'under_review', 'approved', 'disputed', 'paid')),
    source       VARCHAR NOT NULL,       -- "entered", or the loaded file's name
    recorded_by  VARCHAR NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);

CREATE SEQUENCE seq_invoice_line_id START 1;
CREATE TABLE invoice_lines (
    line_id      INTEGER PRIMARY KEY DEFAULT nextval('seq_invoice_line_id'),
    invoice_id   INTEGER NOT NULL,
    line_no      INTEGER NOT NULL,       -- its row in the file, or its order as entered
    program      VARCHAR,
    site         VARCHAR,
    channel      VARCHAR,
    unit         VARCHAR NOT NULL,
    units        DECIMAL(18, 4) NOT NULL,
    rate         DECIMAL(18, 6),
    amount       DECIMAL(18, 2) NOT NULL,
    description  VARCHAR
);

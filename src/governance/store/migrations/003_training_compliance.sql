-- 004: training and knowledge transfer, compliance attestations.
-- Aggregates only: knowledge-transfer sessions count the vendor's attendees, training completion
-- is attested per vendor x program x month as trained / assigned. No column names a person.

CREATE SEQUENCE seq_material_id START 1;
CREATE TABLE training_materials (
    material_id  INTEGER PRIMARY KEY DEFAULT nextval('seq_material_id'),
    title        VARCHAR NOT NULL UNIQUE,
    description  VARCHAR,
    created_at   TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1   -- record version (optimistic concurrency)
);

-- Releases of a client-owned material: the current release is the highest release_no.
CREATE TABLE material_releases (
    material_id  INTEGER NOT NULL,
    release_no   INTEGER NOT NULL CHECK (release_no >= 1),
    released_on  DATE NOT NULL,
    notes        VARCHAR,
    PRIMARY KEY (material_id, release_no)
);

CREATE TABLE material_programs (
    material_id  INTEGER NOT NULL,
    program      VARCHAR NOT NULL,
    PRIMARY KEY (material_id, program)
);

CREATE SEQUENCE seq_kt_session_id START 1;
CREATE TABLE kt_sessions (
    session_id        INTEGER PRIMARY KEY DEFAULT nextval('seq_kt_session_id'),
    vendor_id         INTEGER NOT NULL,
    session_date      DATE NOT NULL,
    topic             VARCHAR NOT NULL,
    material_id       INTEGER,
    release_no        INTEGER,
    vendor_attendees  INTEGER NOT NULL CHECK (vendor_attendees >= 0),   -- a count, never a list
    notes             VARCHAR,
    created_at        TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);

-- Vendor-attested training completion, one row per vendor x program x month (first day).
CREATE TABLE training_completion (
    vendor_id    INTEGER NOT NULL,
    program      VARCHAR NOT NULL,
    month        DATE NOT NULL,
    trained      INTEGER NOT NULL CHECK (trained >= 0),
    assigned     INTEGER NOT NULL CHECK (assigned >= 0),
    material_id  INTEGER,
    release_no   INTEGER,
    attested_at  TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (vendor_id, program, month),
    CHECK (trained <= assigned)
);

-- Shared with every vendor: no vendor column.
CREATE SEQUENCE seq_practice_id START 1;
CREATE TABLE best_practices (
    practice_id  INTEGER PRIMARY KEY DEFAULT nextval('seq_practice_id'),
    title        VARCHAR NOT NULL,
    program      VARCHAR,          -- NULL: applies to every program
    body         VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);

CREATE SEQUENCE seq_attestation_id START 1;
CREATE TABLE compliance_attestations (
    attestation_id  INTEGER PRIMARY KEY DEFAULT nextval('seq_attestation_id'),
    vendor_id       INTEGER NOT NULL,
    kind            VARCHAR NOT NULL,   -- PCI DSS, SOC 2 Type II, ISO 27001, DPA, …
    issued          DATE NOT NULL,
    expires         DATE,
    evidence_ref    VARCHAR,
    notes           VARCHAR,
    created_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (expires IS NULL OR expires >= issued)
);

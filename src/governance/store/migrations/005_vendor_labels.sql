-- 005: the known-labels registry. Each vendor's programs, sites, languages and queues are a
-- registered list: an import whose file brings a label not registered for its vendor is refused
-- until a vendor manager or administrator confirms it (``governance.ingest.labels``). Channels
-- are not here: they are a fixed canonical vocabulary (kpi_facts' CHECK). A label is a name of a
-- program, site, language or queue, never a person: labels that look like people are refused
-- before they reach this table.
--
-- Seeded from the labels already stored in kpi_facts (and in the rows restatements replaced), so
-- a database that held data before the registry keeps importing files with the same labels.

CREATE TABLE vendor_labels (
    vendor_id      INTEGER NOT NULL,
    dimension      VARCHAR NOT NULL CHECK (dimension IN ('program', 'site', 'language', 'queue')),
    label          VARCHAR NOT NULL,
    registered_by  VARCHAR NOT NULL,
    registered_at  TIMESTAMP NOT NULL,
    source         VARCHAR NOT NULL
                   CHECK (source IN ('existing', 'import', 'page', 'command', 'demo')),
    PRIMARY KEY (vendor_id, dimension, label)
);

INSERT INTO vendor_labels (vendor_id, dimension, label, registered_by, registered_at, source)
SELECT vendor_id, dimension, label, 'migration 005', timezone('UTC', now()), 'existing'
FROM (
    SELECT vendor_id, 'program' AS dimension, program AS label FROM kpi_facts
    UNION SELECT vendor_id, 'site', site FROM kpi_facts
    UNION SELECT vendor_id, 'language', language FROM kpi_facts
    UNION SELECT vendor_id, 'queue', queue FROM kpi_facts
    UNION SELECT vendor_id, 'program', program FROM restated_facts
    UNION SELECT vendor_id, 'site', site FROM restated_facts
    UNION SELECT vendor_id, 'language', language FROM restated_facts
    UNION SELECT vendor_id, 'queue', queue FROM restated_facts
) AS held
WHERE label IS NOT NULL;

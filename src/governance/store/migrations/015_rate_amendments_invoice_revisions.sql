-- 015: a rate changed by a contract amendment names it (the amendment holds the reason, the
-- approver and who recorded it, as for targets); a vendor's corrected invoice is a new revision
-- of the same number, and the revision it replaces is kept, marked superseded.

ALTER TABLE rate_cards ADD COLUMN amendment_id INTEGER;
ALTER TABLE invoices ADD COLUMN revision INTEGER DEFAULT 1;
ALTER TABLE invoices ADD COLUMN superseded_at TIMESTAMP;

-- A vendor's invoice file layout as last mapped: the file's headers and the header each invoice
-- field was read from (headers only, never a value of the file), so its next file with the same
-- headers maps itself.
CREATE TABLE invoice_layouts (
    vendor_id  INTEGER NOT NULL,
    headers    VARCHAR NOT NULL,   -- JSON: the file's headers, folded and sorted
    columns    VARCHAR NOT NULL,   -- JSON {field: header}
    saved_by   VARCHAR NOT NULL,
    saved_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (vendor_id, headers)
);

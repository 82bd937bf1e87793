-- 015: a rate changed by a contract amendment names it (the amendment holds the reason, the
-- approver and who recorded it, as for targets); a vendor's corrected invoice is a new revision
-- of the same number, and the revision it replaces is kept, marked superseded.

ALTER TABLE rate_cards ADD COLUMN amendment_id INTEGER;
ALTER TABLE invoices ADD COLUMN revision INTEGER DEFAULT 1;
ALTER TABLE invoices ADD COLUMN superseded_at TIMESTAMP;

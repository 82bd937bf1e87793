-- 006: the currency a contract's money is stated in (ISO 4217 code, e.g. USD). Optional: contracts
-- stored before it have none, and their money figures read in the invoice's currency as before.

ALTER TABLE contracts ADD COLUMN currency VARCHAR;

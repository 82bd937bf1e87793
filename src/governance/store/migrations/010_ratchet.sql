-- 010: a contract's continuous-improvement clause ([contract.ratchet] in the contracts file), as
-- the JSON of its terms: share of the gap closed per year, the best N months, the basis (the
-- best months' mean or the KPI's limit), the cap per step, the KPIs it covers. None: no clause.

ALTER TABLE contracts ADD COLUMN ratchet VARCHAR;

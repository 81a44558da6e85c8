-- What the last delivered payload was mapped from: a digest of the change's content (all but its version) and of
-- the vendor's mapping inputs (its settings, the route files, the build). Equal on the next change of the client
-- means the same payload again, so the change is counted unchanged without mapping it (sync.skip-same-content).
-- Null for rows written before it existed, and for deliveries whose input has no digest (a replay).
alter table ledger add column input_hash varchar(64);

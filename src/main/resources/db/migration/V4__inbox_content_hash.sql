-- Issue 15: a keyed hash of each inbox row's content (less its version) with the fingerprints of the vendors that
-- were enabled, so that a higher version of the same content only raises the row's version in place: no vendor
-- pipeline reads it again (the v1 shape's re-run of an unchanged feed cost no vendor call either). Null when an
-- enabled vendor's payload does not follow from the change alone (TimeLog, Paymo v3 contacts) or
-- sync.skip-same-content is off: such rows are always replaced.
alter table inbox add column content_hash varchar(64);

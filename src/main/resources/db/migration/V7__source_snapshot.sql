-- Issue 17: the SQL source's snapshot mode (source.sql.mode=snapshot) reads its whole query each run and turns into
-- changes only the rows whose content differs from what it last gave the inbox. Per source and row: a keyed digest
-- of the row's content (HMAC under state.secret-key, never the content itself), the version client-sync gave it, whether
-- it broke the schema (then it is dead-lettered once, not every run), and the last run whose result held it (a row
-- the last complete run held and this one does not is reported gone; nothing is deleted). Written in the same
-- transaction as the page's inbox rows.
create table source_snapshot (
    source   varchar(32)  not null,
    row_key  varchar(100) not null,
    digest   varchar(64)  not null,
    version  bigint       not null,
    invalid  boolean      not null,
    seen_run bigint       not null,
    primary key (source, row_key)
);
create index source_snapshot_seen on source_snapshot (source, seen_run);

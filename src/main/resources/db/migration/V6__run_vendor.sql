-- Issue 16: each run's outcome counts per vendor, so that the console can chart a vendor pipeline's deliveries and
-- dead letters run by run (the runs row keeps the totals and the one-line summary only).
create table run_vendor (
    run_id        bigint      not null,
    vendor        varchar(32) not null,
    delivered     bigint      not null,
    unchanged     bigint      not null,
    stale         bigint      not null,
    no_id         bigint      not null,
    deleted       bigint      not null,
    dead_lettered bigint      not null,
    note          varchar(200),
    primary key (run_id, vendor)
);

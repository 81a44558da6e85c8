-- v2 (DESIGN.md section 6): a durable inbox between the source pipeline and one pipeline per vendor.

-- One row per client: the highest version received, the change as received, and a sequence number that is new each
-- time the row is replaced. A vendor pipeline reads the rows after its position, in sequence order.
-- change_json never holds a secret field (portal_password, *password*, *token*, *secret*, api_key): a change that
-- has one keeps it only in sealed, the whole change encrypted with AES-GCM under state.secret-key, and sealed is
-- erased once every enabled vendor's position has passed the row.
create table inbox (
    client_id   varchar(64)      not null primary key,
    version     bigint           not null,
    seq         bigint           not null,
    change_json varchar(1000000) not null,
    sealed      varchar(1400000),
    received_at timestamp        not null
);
create unique index inbox_seq on inbox (seq);

-- The last sequence number given out. Writers add to it first, in their transaction: the row lock makes them commit
-- one after the other in sequence order, so a reader that has seen a row has seen every row before it.
create table inbox_counter (
    name  varchar(32) not null primary key,
    last_seq bigint    not null
);
insert into inbox_counter (name, last_seq) values ('seq', 0);

-- Per vendor: the inbox sequence number it has settled, paused by an operator or not, down since when and why.
create table vendor_position (
    vendor      varchar(32)   not null primary key,
    settled_seq bigint        not null,
    paused      boolean       not null,
    down_since  timestamp,
    down_reason varchar(2000),
    last_run_at timestamp,
    updated_at  timestamp     not null
);

-- v2 runs: one row per pipeline run ('source', a vendor id) or per --once run of them all ('all').
alter table runs add column pipeline varchar(64);

-- Issue 15: the change's JSON and its sealed secrets move to a table of their own, keyed by the row's sequence
-- number. The inbox row is then small, so that raising its version (the same content at a higher version, the whole
-- of an unchanged feed's re-run) rewrites a few bytes instead of every change's JSON: it was two thirds of that
-- re-run's time on H2 (every raised row's page written again with the JSON in it) and a rewritten tuple on
-- PostgreSQL. A row replaced under a new sequence number gets a new body; the old one is deleted with it.
create table inbox_body (
    seq         bigint           not null primary key,
    change_json varchar(1000000) not null,
    sealed      varchar(1400000)
);
insert into inbox_body (seq, change_json, sealed) select seq, change_json, sealed from inbox;
alter table inbox drop column change_json;
alter table inbox drop column sealed;

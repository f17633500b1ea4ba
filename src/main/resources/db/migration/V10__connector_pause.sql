-- Connectors an operator paused: they stay paused across restarts until resumed.
create table connector_pause (
    department      varchar(32)   not null,
    connector       varchar(64)   not null,
    paused_by       varchar(100)  not null,
    reason          varchar(2000),
    paused_at       timestamp with time zone not null,
    primary key (department, connector)
);

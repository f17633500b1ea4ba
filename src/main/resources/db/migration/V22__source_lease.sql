-- Several hub nodes share one store: each polling source (jdbc-poll, soap-poll, http-poll, file-drop) is
-- polled by the one node holding its lease. The holder renews it well within its time to live; when a
-- node dies, its leases run out and another node takes them over (org.cityhub.cluster.SourceLeases).
create table source_lease (
    department   varchar(32)  not null,
    connector    varchar(64)  not null,
    owner        varchar(128) not null,
    acquired_at  timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    constraint source_lease_pk primary key (department, connector)
);

-- Which archived raw messages are durably queued, as narrow marker rows instead of an update of raw_message's
-- own (wide, payload-carrying) rows: marking a page of 500 queued is one multi-row insert of ids, not 500 new
-- versions of the archived rows (PostgreSQL writes an updated row whole again, payload included, to table and
-- WAL). A raw message archived but not marked was archived when its queueing failed: a re-read queues it.
create table raw_message_queued (
    raw_message_id  bigint not null primary key
);

insert into raw_message_queued (raw_message_id) select id from raw_message where queued_at is not null;

alter table raw_message drop column queued_at;

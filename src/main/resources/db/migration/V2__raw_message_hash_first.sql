-- Look-ups by content hash come as "sha256 in (...)" for a whole page of records: with the hash as the
-- first column of the unique index both H2 and PostgreSQL answer them by index, not by a scan.
alter table raw_message drop constraint raw_message_content_uq;
alter table raw_message add constraint raw_message_content_uq unique (sha256, department, connector);
create index raw_message_dept_received on raw_message (department, received_at);

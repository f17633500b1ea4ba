-- Raw archive retention (cityhub.retention.raw-messages): a purged raw message keeps its row, its SHA-256
-- and its times, so that case history still links every version to the message it came from, and a
-- department re-sending the same record is still recognised; only the payload is blanked, and purged_at
-- says when.
alter table raw_message add column purged_at timestamp with time zone;
-- the purge looks for the oldest unpurged messages of all departments
create index raw_message_received_at on raw_message (received_at);

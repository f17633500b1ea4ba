-- The console's traffic chart counts changes per minute of recording over the last hour.
create index case_version_recorded on case_version (recorded_at);

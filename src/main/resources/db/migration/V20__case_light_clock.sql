-- The clock each light was computed from (org.cityhub.supervision.ClockText: acceptance, committed limit, the times
-- the clock stood still, closing), kept with the light so that reading a case computes its light as of the
-- moment of the request from this row alone, without re-reading the case's history and without writing.
-- Null for a clock too long to keep, and for the rows written before this column: those are read from the
-- history until the keeper recomputes them. Every row is made due now, so the sweep recomputes (and fills)
-- them in its usual batches after the upgrade.
alter table case_light add column clock varchar(10000);
update case_light set next_check_at = current_timestamp;

-- PostgreSQL only (spring.flyway.locations adds db/vendor/{vendor}): the access log is append-only in the
-- database itself, whoever connects.
create function access_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'access_log is append-only: % refused', tg_op;
end;
$$;
create trigger access_log_no_change before update or delete on access_log
    for each row execute function access_log_append_only();
create trigger access_log_no_truncate before truncate on access_log
    for each statement execute function access_log_append_only();

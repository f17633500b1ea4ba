-- Full fusion (审批系统融合): cases taken in from the city platform, sent to several departments at once,
-- and the departments' progress linked back to the one case.

-- Every intake request by its Idempotency-Key: a retry of the same request answers from here and
-- creates nothing; the same key with another body is refused. queued_at stays null until every
-- department's dispatch is on its queue, so a hub that stopped in between finishes the job later.
create table intake_request (
    idempotency_key     varchar(200) not null primary key,
    request_sha256      varchar(64)  not null,
    supervision_code    varchar(25)  not null,
    departments         varchar(2000) not null,
    received_at         timestamp with time zone not null,
    queued_at           timestamp with time zone
);
create index intake_request_unqueued on intake_request (queued_at, received_at);

-- The case as the platform handed it in (Case JSON without hub fields): the base every version of the
-- fused case is built from.
create table case_intake (
    supervision_code    varchar(25)  not null primary key,
    content             text         not null
);

-- Each department's latest progress on a dispatched case (its own case as its mapping produced it).
create table case_progress (
    supervision_code    varchar(25)  not null,
    department          varchar(32)  not null,
    department_case_no  varchar(50)  not null,
    status              varchar(32)  not null,
    content_hash        varchar(64)  not null,
    source_updated_at   timestamp with time zone,
    raw_message_id      bigint       references raw_message (id),
    connector           varchar(64),
    updated_at          timestamp with time zone not null,
    content             text         not null,
    primary key (supervision_code, department)
);

-- Progress is linked by the department's own case number acknowledged in the dispatch reply.
create index case_dispatch_department_case on case_dispatch (department, department_case_no);

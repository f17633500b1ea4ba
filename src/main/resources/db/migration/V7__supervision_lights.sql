-- Electronic supervision (电子监察): the current light of every case, kept by the hub as cases change and as
-- time passes (org.cityhub.supervision.SupervisionKeeper), so that alerts, statistics and metrics read one
-- table instead of recomputing. Every row can be recomputed from exchange_case and case_version at any time.
create table case_light (
    supervision_code    varchar(25)  not null primary key,
    department          varchar(32)  not null,
    case_version        integer      not null,
    light               varchar(8)   not null,   -- GREEN YELLOW RED CLOSED NONE
    reason              varchar(200),            -- why NONE
    deadline            timestamp with time zone,
    yellow_at           timestamp with time zone,
    elapsed_share       double precision,        -- as of computed_at
    clock_stopped       boolean      not null,
    next_check_at       timestamp with time zone, -- when the light changes by time alone: the sweep's work list
    submitted_at        timestamp with time zone,
    accepted_at         timestamp with time zone,
    completed_at        timestamp with time zone,
    completed_on_time   boolean,
    handling_days       double precision,
    channel             varchar(1),              -- 办理形式代码 A.5
    delivered           boolean,                 -- completion.delivered (是否快递)
    computed_at         timestamp with time zone not null
);
create index case_light_alerts on case_light (light, deadline, supervision_code);
create index case_light_next_check on case_light (next_check_at);
create index case_light_dept_submitted on case_light (department, submitted_at);
create index case_light_dept_completed on case_light (department, completed_at);

-- How far the supervision has read the change feed (one row; only ever moves forward).
create table supervision_cursor (
    id          integer not null primary key,
    last_seq    bigint  not null
);
insert into supervision_cursor (id, last_seq) values (1, 0);

-- Where each case stands with each department it was dispatched to (full fusion: 同时分送).
create table case_dispatch (
    supervision_code    varchar(25)  not null,
    department          varchar(32)  not null,
    target              varchar(32)  not null,
    state               varchar(16)  not null,
    department_case_no  varchar(50),
    attempts            integer      not null,
    last_error          varchar(2000),
    updated_at          timestamp with time zone not null,
    primary key (supervision_code, department)
);

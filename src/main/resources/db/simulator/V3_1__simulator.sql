-- The Finch simulator's state (dev and test only: this location is not migrated in prod).
-- Kept in the database so a restarted local run still finds the connections and tokens it issued.
-- Tokens and codes are stored as SHA-256 hashes: the simulator never needs them back.

create table sim_connection (
    connection_id         text primary key,
    customer_id           text,
    customer_name         text,
    customer_email        text,
    provider_id           text        not null,
    authentication_type   text        not null,
    connection_type       text        not null,
    client_type           text        not null,
    products              jsonb       not null default '[]'::jsonb,
    manual                boolean     not null default false,
    account_id            text        not null,
    company_id            text        not null,
    entity_id             text        not null,
    username              text,
    status                text        not null,
    status_message        text,
    last_successful_sync  timestamptz,
    -- Where this connection's webhooks go instead of simulator.webhook-url (set by a _sim control in tests).
    webhook_url           text,
    -- How long this connection's jobs take instead of simulator.job-duration (set by a _sim control in tests).
    job_duration_ms       bigint,
    created_at            timestamptz not null,
    updated_at            timestamptz not null
);
create index sim_connection_customer_idx on sim_connection (customer_id);
create index sim_connection_company_idx on sim_connection (company_id);

create table sim_session (
    session_id      text primary key,
    kind            text        not null check (kind in ('connect', 'reauthenticate')),
    customer_id     text,
    customer_name   text,
    customer_email  text,
    -- The connection being reauthenticated, or the one a connect session created.
    connection_id   text references sim_connection (connection_id),
    products        jsonb       not null default '[]'::jsonb,
    provider_id     text,
    auth_method     text,
    manual          boolean,
    sandbox         text,
    redirect_uri    text,
    status          text        not null check (status in ('open', 'completed')),
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    expires_at      timestamptz not null
);
create index sim_session_customer_idx on sim_session (customer_id, kind, created_at desc);
create index sim_session_connection_idx on sim_session (connection_id, kind, created_at desc);

create table sim_authorization_code (
    code_hash      text primary key,
    session_id     text        not null references sim_session (session_id),
    connection_id  text        not null references sim_connection (connection_id),
    redirect_uri   text,
    created_at     timestamptz not null,
    expires_at     timestamptz not null,
    used_at        timestamptz
);

create table sim_access_token (
    token_hash     text primary key,
    token_id       text        not null unique,
    connection_id  text        not null references sim_connection (connection_id),
    session_id     text,
    created_at     timestamptz not null,
    revoked_at     timestamptz
);
create index sim_access_token_connection_idx on sim_access_token (connection_id);

create table sim_job (
    job_id         text primary key,
    connection_id  text        not null references sim_connection (connection_id),
    type           text        not null,
    -- manual: POST /jobs/automated (counts against the quota); scheduled: Finch's own daily sync.
    trigger        text        not null check (trigger in ('manual', 'scheduled')),
    status         text        not null,
    params         jsonb,
    created_at     timestamptz not null,
    scheduled_at   timestamptz,
    started_at     timestamptz,
    completed_at   timestamptz,
    -- When the simulator moves it on: starts_at → in_progress, completes_at → its final status.
    starts_at      timestamptz not null,
    completes_at   timestamptz not null
);
create index sim_job_connection_idx on sim_job (connection_id, created_at desc);
create index sim_job_due_idx on sim_job (completes_at) where completed_at is null;

create table sim_job_configuration (
    connection_id      text not null references sim_connection (connection_id),
    type               text not null,
    completion_status  text not null,
    primary key (connection_id, type)
);

-- Every webhook the simulator sent or is sending; duplicates share an event id (delivery_no tells them apart).
create table sim_webhook_delivery (
    seq              bigint      generated always as identity,
    event_id         text        not null,
    delivery_no      integer     not null,
    connection_id    text,
    event_type       text        not null,
    url              text        not null,
    body             text        not null,
    -- A fixed finch-timestamp (tests of stale events); null: the time of each attempt.
    fixed_timestamp  bigint,
    attempts         integer     not null default 0,
    last_status      integer,
    last_error       text,
    delivered_at     timestamptz,
    next_attempt_at  timestamptz,
    created_at       timestamptz not null,
    primary key (event_id, delivery_no)
);
create index sim_webhook_delivery_connection_idx on sim_webhook_delivery (connection_id, created_at);
create index sim_webhook_delivery_pending_idx on sim_webhook_delivery (next_attempt_at) where delivered_at is null;

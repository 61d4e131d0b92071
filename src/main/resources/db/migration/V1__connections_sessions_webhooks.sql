-- The service's own tables. Each capability owns its tables; later changes go in new versioned files.
-- Times are timestamptz (UTC); Finch's identifiers are kept as text because Finch owns their format.

-- A connection is identified by Finch's connection_id. account_id/company_id are deprecated by Finch but
-- kept findable, including every pair a migration merged into this connection (connection_legacy_id).
create table connection (
    connection_id            text primary key,
    customer_id              text,
    customer_name            text,
    customer_email           text,
    provider_id              text,
    connection_type          text,
    client_type              text,
    manual                   boolean      not null default false,
    products                 jsonb        not null default '[]'::jsonb,
    authentication_methods   jsonb        not null default '[]'::jsonb,
    status                   text         not null,
    status_message           text,
    -- Finch's time of the status above: a webhook's finch-timestamp or when /introspect was read.
    -- A status observed at an older Finch time never replaces it ("which status wins").
    status_observed_at       timestamptz  not null,
    status_updated_at        timestamptz  not null,
    last_successful_sync_at  timestamptz,
    next_sync_at             timestamptz,
    next_sync_checked_at     timestamptz,
    account_id               text,
    company_id               text,
    created_at               timestamptz  not null,
    updated_at               timestamptz  not null,
    version                  bigint       not null default 0
);
create index connection_customer_idx on connection (customer_id text_pattern_ops);
create index connection_status_idx on connection (status);
create index connection_provider_idx on connection (provider_id);
create index connection_created_idx on connection (created_at desc, connection_id desc);

create table connection_legacy_id (
    connection_id  text        not null references connection (connection_id) on delete cascade,
    account_id     text        not null default '',
    company_id     text        not null default '',
    created_at     timestamptz not null,
    primary key (connection_id, account_id, company_id)
);
create index connection_legacy_account_idx on connection_legacy_id (account_id) where account_id <> '';
create index connection_legacy_company_idx on connection_legacy_id (company_id) where company_id <> '';

-- Last time Finch told us a product's data changed (data webhooks).
create table connection_product_activity (
    connection_id    text        not null references connection (connection_id) on delete cascade,
    product          text        not null,
    last_changed_at  timestamptz not null,
    primary key (connection_id, product)
);

-- Access tokens, encrypted with AES-GCM. key_id names the key that encrypted the row so keys can rotate;
-- fingerprint (SHA-256 of the token) lets a migration recognise a token it already holds without decrypting.
create table access_token (
    token_id        uuid primary key,
    connection_id   text        not null references connection (connection_id) on delete cascade,
    key_id          text        not null,
    ciphertext      bytea       not null,
    fingerprint     bytea       not null unique,
    finch_token_id  text,
    provider_id     text,
    auth_method     text,
    source          text        not null,
    created_at      timestamptz not null,
    revoked_at      timestamptz
);
create index access_token_connection_idx on access_token (connection_id, created_at desc);

-- Authorization codes this service already exchanged (hashed: a code is a credential for ~10 minutes).
-- Makes the exchange idempotent when Connect's callback fires twice.
create table exchanged_code (
    code_hash      bytea primary key,
    connection_id  text        not null references connection (connection_id) on delete cascade,
    session_id     text,
    created_at     timestamptz not null
);

-- Connect sessions (kind connect or reauthenticate) and everything that happened in them.
create table connect_session (
    session_id               text primary key,
    kind                     text        not null,
    customer_id              text        not null,
    customer_name            text,
    customer_email           text,
    products                 jsonb       not null default '[]'::jsonb,
    integration_provider     text,
    integration_auth_method  text,
    manual                   boolean,
    sandbox                  text,
    redirect_uri             text,
    minutes_to_expire        integer     not null,
    connect_url              text        not null,
    connection_id            text,
    status                   text        not null,
    current_stage            text,
    provider_id              text,
    auth_method              text,
    error_message            text,
    error_type               text,
    created_at               timestamptz not null,
    updated_at               timestamptz not null,
    expires_at               timestamptz not null,
    opened_at                timestamptz,
    completed_at             timestamptz,
    version                  bigint      not null default 0
);
create index connect_session_customer_idx on connect_session (customer_id, created_at desc);
create index connect_session_connection_idx on connect_session (connection_id);
create index connect_session_open_idx on connect_session (expires_at) where status in ('created', 'opened');

create table session_event (
    id             bigserial primary key,
    session_id     text        not null references connect_session (session_id) on delete cascade,
    event_id       text,
    type           text        not null,
    source         text        not null,
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null,
    provider_id    text,
    auth_method    text,
    error_message  text,
    error_type     text,
    details        jsonb,
    unique (session_id, event_id)
);
create index session_event_session_idx on session_event (session_id, occurred_at, id);
create index session_event_type_time_idx on session_event (type, occurred_at);

-- Every webhook event the processor has seen, keyed by Finch's event id: the durable inbox that makes
-- processing exactly-once in effect. state: applied | parked (connection not known yet) | dead (DLQ).
create table webhook_inbox (
    event_id          text primary key,
    event_type        text        not null,
    connection_id     text,
    account_id        text,
    company_id        text,
    entity_id         text,
    finch_timestamp   timestamptz not null,
    received_at       timestamptz not null,
    kafka_partition   integer,
    kafka_offset      bigint,
    payload           text        not null,
    state             text        not null,
    outcome           text,
    processed_at      timestamptz not null
);
create index webhook_inbox_parked_idx on webhook_inbox (connection_id, finch_timestamp) where state = 'parked';

-- Audit trail of a connection: one row per applied webhook event and per status change of another cause.
create table connection_event (
    id               bigserial primary key,
    connection_id    text        not null references connection (connection_id) on delete cascade,
    event_id         text,
    event_type       text        not null,
    cause            text        not null,
    finch_timestamp  timestamptz,
    applied_at       timestamptz not null,
    previous_status  text,
    status           text,
    status_changed   boolean     not null default false,
    details          jsonb
);
create index connection_event_connection_idx on connection_event (connection_id, id desc);
create index connection_event_status_change_idx on connection_event (applied_at) where status_changed;

-- Transactional outbox for connections.status.v1: written in the same transaction as the status change,
-- relayed to Kafka afterwards, so no change is lost and none is published that did not commit.
create table outbox_message (
    id            bigserial primary key,
    topic         text        not null,
    message_key   text        not null,
    payload       jsonb       not null,
    created_at    timestamptz not null,
    published_at  timestamptz
);
create index outbox_unpublished_idx on outbox_message (id) where published_at is null;

-- Finch's automated jobs as last seen, newest first per connection.
create table job (
    job_id         text primary key,
    connection_id  text        not null references connection (connection_id) on delete cascade,
    type           text        not null,
    status         text        not null,
    created_at     timestamptz,
    scheduled_at   timestamptz,
    started_at     timestamptz,
    completed_at   timestamptz,
    updated_at     timestamptz not null
);
create index job_connection_idx on job (connection_id, created_at desc nulls last, job_id desc);

-- Background migrations of legacy tokens through /introspect. Records keep the token encrypted.
create table migration (
    migration_id  uuid primary key,
    status        text        not null,
    total         integer     not null default 0,
    migrated      integer     not null default 0,
    failed        integer     not null default 0,
    error         text,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    completed_at  timestamptz
);

create table migration_record (
    migration_id   uuid        not null references migration (migration_id) on delete cascade,
    record_index   integer     not null,
    key_id         text        not null,
    ciphertext     bytea       not null,
    account_id     text,
    company_id     text,
    customer_id    text,
    customer_name  text,
    state          text        not null,
    attempts       integer     not null default 0,
    connection_id  text,
    error          text,
    updated_at     timestamptz not null,
    primary key (migration_id, record_index)
);
create index migration_record_pending_idx on migration_record (migration_id, record_index) where state = 'pending';

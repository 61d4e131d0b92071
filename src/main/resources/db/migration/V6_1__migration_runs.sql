-- Migration runs: what kind of run it is, who started it, leases so several instances share the work without
-- processing a record twice at once, and Finch's error code per failed record.
alter table migration add column kind text not null default 'records';
alter table migration add column created_by text;

alter table migration_record add column lease_until timestamptz;
-- The instance holding the lease, so it can hand its records back when it shuts down.
alter table migration_record add column lease_owner text;
alter table migration_record add column error_code text;
alter table migration_record add column finch_request_id text;
-- A record's token is kept (sealed) only until the record was tried; it then lives on in access_token, if valid.
alter table migration_record alter column key_id drop not null;
alter table migration_record alter column ciphertext drop not null;

create index migration_running_idx on migration (created_at, migration_id) where status = 'running';
create index migration_created_idx on migration (created_at desc, migration_id desc);
create index migration_record_failed_idx on migration_record (migration_id, record_index) where state = 'failed';

-- The funnel selects sessions by creation time (the window); the expiry job's index (connect_session_open_idx)
-- only covers created/opened, and failed/closed sessions expire too.
create index connect_session_created_idx on connect_session (created_at);
drop index connect_session_open_idx;
create index connect_session_expirable_idx on connect_session (expires_at)
    where status in ('created', 'opened', 'failed', 'closed');

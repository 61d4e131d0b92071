-- Webhook processing (issue 5): indexes for the background work it does.

-- Parked events that arrived with only Finch's deprecated account_id: found again when a connection with that
-- account id (or legacy id) is registered.
create index webhook_inbox_parked_account_idx on webhook_inbox (account_id)
    where state = 'parked' and connection_id is null;

-- The periodic next_sync_at refresh picks the connections checked longest ago first.
create index connection_next_sync_checked_idx on connection (next_sync_checked_at nulls first)
    where status <> 'disconnected';

-- The inbox keeps Finch's body only while the service still needs it: for a parked event (applied once its
-- connection exists) and a dead one (to inspect). An applied event's body is on finch.webhooks.v1 and what it did
-- is in connection_event; keeping a copy of every body (about 1 KB each) doubled the processor's writes.
alter table webhook_inbox alter column payload drop not null;

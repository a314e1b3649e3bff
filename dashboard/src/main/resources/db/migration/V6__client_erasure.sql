-- Client erasure in the sink (issue 12, item 2). Written only by the sink.
--
-- erased_clients: the clients erased and not registered again, so that a dashboard record of one of them that the
-- sink reads after the erasure (the sink reads several topics and partitions with no order between them) does not
-- bring its rows back. It holds a SHA-256 of "clinicId/clientId", not the ids: enough to recognise the client when a
-- record names it, without keeping the ids readable in a list of who asked to be forgotten. A REREGISTER request
-- deletes the row.
create table erased_clients (
  client_hash bytea primary key,
  erased_at timestamptz not null default now()
);

-- The audit trail of the sink's stage: which erasure, which clinic, when, by whom, and counts. Never the client and
-- never health data, so it is kept after the client is forgotten. A clinic's role reads its own clinic's rows (the
-- status of its requests); grafana_reader, the cross-clinic analyst role, does not read it at all.
create table erasure_audit (
  erasure_id text not null,
  clinic_id text not null,
  action text not null,         -- ERASE (the sink reports nothing for REREGISTER)
  stage text not null,          -- SINK_ROWS_DELETED
  completed_at timestamptz not null,
  by text not null,             -- the service that completed the stage: sink
  detail text not null,         -- counts only, e.g. "120 sleep_change, 118 nightly_sleep, 2 sink_rejections rows"
  primary key (erasure_id, stage)
);

alter table erasure_audit enable row level security;
-- Unlike the dashboard tables, no all-clinics clause: the audit is each clinic's own business.
create policy clinic_reads_own_audit on erasure_audit for select
  using (clinic_id = (select clinic_of_session()));

-- Audit events written in the transaction that completed the stage and not yet acknowledged by Kafka
-- (erasure-audit). The publisher sends them (idempotent producer, acks=all) and deletes each row after its ack, so
-- a crash between the database commit and the send loses nothing: the next start sends what is left.
create table erasure_outbox (
  id bigserial primary key,
  event_key text not null,      -- the erasure id (ErasureEvent.key())
  event_value bytea not null,   -- ErasureEvent.encode(): ids, stage, time, counts; never the client
  created_at timestamptz not null default now()
);

-- The default privileges of init.sql give grafana_reader SELECT on every new table: take it back here.
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'grafana_reader') then
    revoke all on erased_clients, erasure_audit, erasure_outbox from grafana_reader;
  end if;
end
$$;
revoke all on erased_clients, erasure_audit, erasure_outbox from public;

-- Records the sink could not apply, so that one bad record never blocks its partition. Written only by the sink.
-- The original bytes are kept so that a record can be examined and replayed once the cause is fixed; they may hold
-- health data, so this table needs the same protection as the dashboard tables. Logs never show them.
create table sink_rejections (
  topic text not null,
  kafka_partition integer not null,
  kafka_offset bigint not null,
  reason text not null,         -- INVALID_KEY, UNDECODABLE, KEY_MISMATCH
  detail text not null,         -- why, never quoting the value
  record_key bytea,
  record_value bytea,
  record_timestamp timestamptz,
  rejected_at timestamptz not null default now(),
  primary key (topic, kafka_partition, kafka_offset)
);
create index sink_rejections_by_time on sink_rejections (rejected_at);

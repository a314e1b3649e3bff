-- Where the tables stand in each partition of the dashboard topics: the offset after the last record applied. The
-- sink writes it in the same transaction as the rows, and first checks, holding the row's lock, that it still holds
-- the offset this writer started from. A writer that lost its partition and wakes up late (a zombie) finds that it
-- moved on, and writes nothing; see StoredOffsets. Written only by the sink.
create table sink_offsets (
  topic text not null,
  kafka_partition integer not null,
  next_offset bigint not null,
  updated_at timestamptz not null default now(),
  primary key (topic, kafka_partition)
);

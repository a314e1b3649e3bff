#!/bin/sh
# The `acls` one-shot of the secured compose stack (docker-compose.yml, profile `secured`), run in the
# apache/kafka image once the broker is healthy. As User:admin (a super user: the certificate CN=admin on the
# broker's mTLS listener kafka-secured:9091), it
#   1. creates the SCRAM-SHA-512 users ingest, importer, streams, sink and eraser (their passwords from the
#      environment);
#   2. creates the pipeline's ten topics as Topics.layout lays them out (User:streams may not create them);
#   3. runs kafka-acls.sh beside this file: exactly the script of docs/security-kafka.md (PipelineAcls).
# Every step may run again: users are upserted, topics created if missing, an existing ACL is left as it is.
set -eu
: "${STORE_PASSWORD:?}" "${SCRAM_PASSWORD_INGEST:?}" "${SCRAM_PASSWORD_IMPORTER:?}" "${SCRAM_PASSWORD_STREAMS:?}"
: "${SCRAM_PASSWORD_SINK:?}" "${SCRAM_PASSWORD_ERASER:?}"
PATH=/opt/kafka/bin:$PATH
export PATH
BOOTSTRAP='kafka-secured:9091'
COMMAND_CONFIG='/tmp/admin.properties'
PARTITIONS=6

umask 077
cat > "$COMMAND_CONFIG" <<PROPERTIES
security.protocol=SSL
ssl.keystore.type=PKCS12
ssl.keystore.location=/certs/admin.p12
ssl.keystore.password=$STORE_PASSWORD
ssl.key.password=$STORE_PASSWORD
ssl.truststore.type=PKCS12
ssl.truststore.location=/certs/truststore.p12
ssl.truststore.password=$STORE_PASSWORD
PROPERTIES

scram_user() {
  kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --command-config "$COMMAND_CONFIG" --alter \
    --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[password=$2]"
}
scram_user ingest "$SCRAM_PASSWORD_INGEST"
scram_user importer "$SCRAM_PASSWORD_IMPORTER"
scram_user streams "$SCRAM_PASSWORD_STREAMS"
scram_user sink "$SCRAM_PASSWORD_SINK"
scram_user eraser "$SCRAM_PASSWORD_ERASER"

topic() {
  name=$1
  shift
  kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$COMMAND_CONFIG" --create --if-not-exists \
    --topic "$name" --partitions "$PARTITIONS" --replication-factor 1 "$@"
}
one_partition_topic() {
  name=$1
  shift
  kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$COMMAND_CONFIG" --create --if-not-exists \
    --topic "$name" --partitions 1 --replication-factor 1 "$@"
}
topic sleep-records --config retention.ms=-1
topic massage-sessions --config retention.ms=-1
# Compacted (Topics.layout, the streams settings tombstone-retention, compacted-segment-age, max-compaction-lag):
# tombstones kept 7 days (a sink lagging longer can miss deletes), segments rolled daily so that compaction can
# reach them, and a closed segment compacted within a day, so that a superseded value (a destroyed data key, an
# erased client's metric) is gone within about 2 days: docs/operations.md
topic sleep-change-metrics --config cleanup.policy=compact --config delete.retention.ms=604800000 --config segment.ms=86400000 --config max.compaction.lag.ms=86400000
topic nightly-sleep --config cleanup.policy=compact --config delete.retention.ms=604800000 --config segment.ms=86400000 --config max.compaction.lag.ms=86400000
# 30 days, Topics.DEFAULT_REJECTIONS_RETENTION: a rejected record may carry health data (docs/operations.md)
topic rejected-records --config retention.ms=2592000000 --config segment.ms=86400000
topic client-keys --config cleanup.policy=compact --config delete.retention.ms=604800000 --config segment.ms=86400000 --config max.compaction.lag.ms=86400000
# erasure requests as long as a tombstone (tombstone-retention): a reader lagging longer misses deletes either way
topic client-erasures --config retention.ms=604800000 --config segment.ms=86400000
# the audit trail is kept for good, in one partition (Topics.layout)
one_partition_topic erasure-audit --config retention.ms=-1
# vendor connections (docs/connections.md): the state, compacted like the keys (tokens sealed under a master key),
# and the requests to its owner, co-partitioned with it and kept as long as a tombstone
topic connections --config cleanup.policy=compact --config delete.retention.ms=604800000 --config segment.ms=86400000 --config max.compaction.lag.ms=86400000
topic connection-requests --config retention.ms=604800000 --config segment.ms=86400000

sh "$(dirname "$0")/kafka-acls.sh"
echo "acls: users, topics and ACLs in place"

/*
 * Documentation strings for the config names Samsa reports in
 * DescribeConfigs (returned when IncludeDocumentation is set, v3+).
 *
 * Each entry says what the config controls, its unit and Kafka's default,
 * written for Samsa from the facts of Kafka's config definitions. Where a
 * broker key is the server-wide default of a topic config the text says so;
 * where Samsa's own default differs from Kafka's, both are given.
 */
#include "config_docs.h"

#include <string.h>

typedef struct config_doc {
    const char *name;
    const char *doc;
} config_doc_t;

/* ORDER MATTERS: sm_config_doc() binary-searches this table with strcmp, so
 * it must stay strictly sorted by name in strcmp (byte) order, each name
 * once. tests/unit/test_config_docs.c checks this. */
static const config_doc_t docs[] = {
    {"advertised.listeners",
     "Listeners, as NAME://host:port, that the broker advertises to clients in metadata, "
     "when they differ from listeners (e.g. behind NAT). 0.0.0.0 cannot be advertised. "
     "Default: the listeners value."},
    {"authorizer.class.name",
     "Fully qualified class name of the authorizer the broker uses to check ACLs. Default "
     "empty (no authorization)."},
    {"auto.create.topics.enable",
     "Whether a topic that does not exist is created, with num.partitions and "
     "default.replication.factor, when a client requests its metadata and allows "
     "auto-creation. Default true."},
    {"auto.leader.rebalance.enable",
     "Whether the controller periodically moves partition leadership back to the preferred "
     "replica when leadership is unbalanced. Default true."},
    {"background.threads",
     "Number of threads used for background tasks such as segment deletion. Default 10."},
    {"broker.id",
     "Identifier of this broker; in KRaft mode it must equal node.id if set. Kafka's default"
     " is -1 (unset). Samsa treats it as a synonym of node.id."},
    {"cleanup.policy",
     "How old log segments are disposed of: 'delete' removes segments past the retention "
     "time or size, 'compact' keeps only the latest record per key; both may be given as a "
     "comma-separated list. Default 'delete'."},
    {"compression.type",
     "Final compression codec for the topic's stored batches: gzip, snappy, lz4 or zstd; "
     "'uncompressed' stores them without compression and 'producer' (the default) keeps "
     "whatever codec the producer used. The broker key of the same name sets the default for"
     " topics."},
    {"confluent.support.metrics.enable",
     "Confluent Platform setting, not an Apache Kafka config, that enabled sending support "
     "metrics to Confluent; accepted so such server.properties files load, and has no "
     "effect."},
    {"connections.max.idle.ms",
     "Time in ms after which the broker closes a client connection that has been idle. "
     "Default 600000 (10 minutes)."},
    {"controller.listener.names",
     "Comma-separated names of the listeners used by the KRaft controller; required in KRaft"
     " mode. Brokers use the first name to reach the controller quorum."},
    {"controller.quorum.bootstrap.servers",
     "Comma-separated host:port endpoints used to discover the KRaft controller quorum. "
     "Default empty."},
    {"controller.quorum.voters",
     "Static KRaft controller quorum as comma-separated id@host:port entries, e.g. "
     "1@host1:9093,2@host2:9093. Default empty."},
    {"default.replication.factor",
     "Replication factor of automatically created topics and of topics created with "
     "replication factor -1. Default 1."},
    {"delete.retention.ms",
     "How long, in ms, tombstones (null-value records) are kept in a compacted topic; also "
     "the time a consumer reading from offset 0 has to finish to see a consistent snapshot. "
     "Default 86400000 (1 day)."},
    {"delete.topic.enable",
     "Whether topics can be deleted; when false, DeleteTopics fails with "
     "TOPIC_DELETION_DISABLED. Default true."},
    {"file.delete.delay.ms",
     "Time in ms to wait before a deleted segment file is removed from the filesystem. "
     "Default 60000 (1 minute)."},
    {"flush.messages",
     "Force an fsync of the partition log after this many records have been appended. "
     "Default 9223372036854775807 (never); relying on replication and the OS page cache is "
     "usually preferable."},
    {"flush.ms",
     "Force an fsync of the partition log when this many ms have passed since the last "
     "flush. Default 9223372036854775807 (never); relying on replication and the OS page "
     "cache is usually preferable."},
    {"follower.replication.throttled.rate",
     "Upper bound in bytes per second on replication traffic for the replicas listed in each"
     " topic's follower.replication.throttled.replicas; can only be set dynamically. Default"
     " 9223372036854775807 (unlimited)."},
    {"follower.replication.throttled.replicas",
     "Replicas whose replication traffic is throttled on the follower side, as a list of "
     "PartitionId:BrokerId pairs, or '*' for every replica of the topic. Default empty (no "
     "throttling)."},
    {"group.initial.rebalance.delay.ms",
     "Time in ms the group coordinator waits for more members to join a new, empty group "
     "before its first rebalance; longer means fewer rebalances but a later start. Kafka's "
     "default is 3000; Samsa's is 0."},
    {"group.max.session.timeout.ms",
     "Largest session timeout, in ms, a group member may request; longer timeouts give "
     "consumers more time between heartbeats but detect failures later. Default 1800000 (30 "
     "minutes)."},
    {"group.max.size",
     "Largest number of members a single consumer group may hold; further joins are rejected"
     " with GROUP_MAX_SIZE_REACHED. Default 2147483647."},
    {"group.min.session.timeout.ms",
     "Smallest session timeout, in ms, a group member may request; shorter timeouts detect "
     "failures sooner at the cost of more frequent heartbeats. Default 6000."},
    {"index.interval.bytes",
     "Number of log bytes between two entries of the offset index; smaller values let reads "
     "seek closer to the wanted offset at the cost of a larger index. Default 4096."},
    {"inter.broker.listener.name",
     "Name of the listener brokers use to talk to each other; cannot be set together with "
     "security.inter.broker.protocol. Default: derived from security.inter.broker.protocol."},
    {"inter.broker.protocol.version",
     "Version of the protocol brokers use among themselves, raised after all brokers are "
     "upgraded (e.g. 3.7-IV4). Applies to ZooKeeper mode; KRaft clusters use the "
     "metadata.version feature instead."},
    {"leader.replication.throttled.rate",
     "Upper bound in bytes per second on replication traffic for the replicas listed in each"
     " topic's leader.replication.throttled.replicas; can only be set dynamically. Default "
     "9223372036854775807 (unlimited)."},
    {"leader.replication.throttled.replicas",
     "Replicas whose replication traffic is throttled on the leader side, as a list of "
     "PartitionId:BrokerId pairs, or '*' for every replica of the topic. Default empty (no "
     "throttling)."},
    {"listener.security.protocol.map",
     "Maps listener names to security protocols as NAME:PROTOCOL pairs separated by commas, "
     "e.g. INTERNAL:SSL,EXTERNAL:SASL_SSL. Default maps each protocol name (PLAINTEXT, SSL, "
     "SASL_PLAINTEXT, SASL_SSL) to itself."},
    {"listeners",
     "Comma-separated URIs the broker listens on, as NAME://host:port; an empty host binds "
     "the default interface and 0.0.0.0 all interfaces. Kafka's default is "
     "PLAINTEXT://:9092; Samsa's is PLAINTEXT://127.0.0.1:9092 and it serves only the first "
     "entry."},
    {"local.retention.bytes",
     "With tiered storage, the largest size in bytes the local part of a partition may reach"
     " before local segments become eligible for deletion. Default -2 (use retention.bytes);"
     " must not exceed retention.bytes."},
    {"local.retention.ms",
     "With tiered storage, how long in ms segments are kept on local disk before becoming "
     "eligible for deletion. Default -2 (use retention.ms); must not exceed retention.ms."},
    {"log.cleaner.backoff.ms",
     "Time in ms the log cleaner sleeps when no log needs cleaning. Default 15000."},
    {"log.cleaner.dedupe.buffer.size",
     "Total memory in bytes used by all cleaner threads for the key-offset map that "
     "deduplicates records. Default 134217728 (128 MiB)."},
    {"log.cleaner.delete.retention.ms",
     "Default for the topic config delete.retention.ms: how long, in ms, tombstones are kept"
     " in compacted logs. Default 86400000 (1 day)."},
    {"log.cleaner.enable",
     "Whether the log cleaner runs; needed for topics with cleanup.policy=compact, including"
     " __consumer_offsets, which otherwise grow without bound. Default true."},
    {"log.cleaner.io.buffer.load.factor",
     "How full, as a fraction, the cleaner's dedupe buffer may get; higher cleans more log "
     "per pass but causes more hash collisions. Default 0.9."},
    {"log.cleaner.io.buffer.size",
     "Total memory in bytes used for the log cleaner's read and write I/O buffers across all"
     " cleaner threads. Default 524288 (512 KiB)."},
    {"log.cleaner.io.max.bytes.per.second",
     "Throttle on the log cleaner: the average of its read plus write I/O is kept below this"
     " many bytes per second. Default 1.7976931348623157E308 (unlimited)."},
    {"log.cleaner.max.compaction.lag.ms",
     "Default for the topic config max.compaction.lag.ms: the longest time in ms a record "
     "may stay ineligible for compaction. Default 9223372036854775807 (no limit)."},
    {"log.cleaner.min.cleanable.ratio",
     "Default for the topic config min.cleanable.dirty.ratio: the fraction of a log that "
     "must be uncompacted before the cleaner compacts it. Default 0.5."},
    {"log.cleaner.min.compaction.lag.ms",
     "Default for the topic config min.compaction.lag.ms: the shortest time in ms a record "
     "stays uncompacted. Default 0."},
    {"log.cleaner.threads",
     "Number of background threads that compact logs. Default 1."},
    {"log.cleanup.policy",
     "Default for the topic config cleanup.policy: a comma-separated list of 'delete' and/or"
     " 'compact' applied to segments beyond the retention window. Default 'delete'."},
    {"log.dir",
     "Directory where partition data is stored, used when log.dirs is not set. Kafka's "
     "default is /tmp/kafka-logs; Samsa's is ./data."},
    {"log.dirs",
     "Comma-separated list of directories where partition data is stored; when unset, "
     "log.dir is used (Kafka: /tmp/kafka-logs; Samsa: ./data)."},
    {"log.flush.interval.messages",
     "Default for the topic config flush.messages: fsync a partition after this many "
     "appended records. Default 9223372036854775807 (never)."},
    {"log.flush.interval.ms",
     "Default for the topic config flush.ms: the longest time in ms appended data stays "
     "unflushed. When unset, log.flush.scheduler.interval.ms is used."},
    {"log.flush.offset.checkpoint.interval.ms",
     "How often, in ms, the broker saves the recovery point (last flushed offset) of each "
     "log, from which recovery starts after a crash. Default 60000."},
    {"log.flush.scheduler.interval.ms",
     "How often, in ms, the broker checks whether any log is due for an fsync. Default "
     "9223372036854775807 (never)."},
    {"log.index.interval.bytes",
     "Default for the topic config index.interval.bytes: log bytes between two offset index "
     "entries. Default 4096."},
    {"log.index.size.max.bytes",
     "Default for the topic config segment.index.bytes: the size in bytes of each segment's "
     "offset index. Default 10485760 (10 MiB)."},
    {"log.local.retention.bytes",
     "Default for the topic config local.retention.bytes: with tiered storage, the largest "
     "local size of a partition in bytes. Default -2 (use log.retention.bytes)."},
    {"log.local.retention.ms",
     "Default for the topic config local.retention.ms: with tiered storage, how long in ms "
     "segments stay on local disk. Default -2 (use log.retention.ms)."},
    {"log.message.format.version",
     "Broker default for the topic config message.format.version, the on-disk record format;"
     " removed in Kafka 4.0, which always writes format v2. Deprecated; accepted for "
     "compatibility with Kafka 3.x clients and has no effect."},
    {"log.message.timestamp.after.max.ms",
     "Default for the topic config message.timestamp.after.max.ms: how far in ms a "
     "CreateTime timestamp may be ahead of the broker's clock. Default 3600000 (1 hour)."},
    {"log.message.timestamp.before.max.ms",
     "Default for the topic config message.timestamp.before.max.ms: how far in ms a "
     "CreateTime timestamp may be behind the broker's clock. Default 9223372036854775807 (no"
     " limit)."},
    {"log.message.timestamp.type",
     "Default for the topic config message.timestamp.type: CreateTime or LogAppendTime. "
     "Default CreateTime."},
    {"log.preallocate",
     "Default for the topic config preallocate: whether new segment files are preallocated "
     "on disk. Default false."},
    {"log.retention.bytes",
     "Default for the topic config retention.bytes: the largest size in bytes of a "
     "partition's log before old segments are deleted. Default -1 (no size limit)."},
    {"log.retention.check.interval.ms",
     "How often, in ms, the broker checks whether any log segment is eligible for deletion "
     "by retention. Default 300000 (5 minutes)."},
    {"log.retention.hours",
     "Default for the topic config retention.ms, in hours; used when neither "
     "log.retention.ms nor log.retention.minutes is set. Default 168 (7 days)."},
    {"log.retention.minutes",
     "Default for the topic config retention.ms, in minutes; takes precedence over "
     "log.retention.hours and is overridden by log.retention.ms. Unset by default."},
    {"log.retention.ms",
     "Default for the topic config retention.ms, in ms; takes precedence over "
     "log.retention.minutes and log.retention.hours. -1 means no time limit. Unset by "
     "default (168 hours apply)."},
    {"log.roll.hours",
     "Default for the topic config segment.ms, in hours; used when log.roll.ms is not set. "
     "Default 168 (7 days)."},
    {"log.roll.jitter.hours",
     "Default for the topic config segment.jitter.ms, in hours; used when log.roll.jitter.ms"
     " is not set. Default 0."},
    {"log.roll.jitter.ms",
     "Default for the topic config segment.jitter.ms, in ms; takes precedence over "
     "log.roll.jitter.hours. Unset by default (0)."},
    {"log.roll.ms",
     "Default for the topic config segment.ms, in ms; takes precedence over log.roll.hours. "
     "Unset by default (168 hours apply)."},
    {"log.segment.bytes",
     "Default for the topic config segment.bytes: the size in bytes at which a log segment "
     "is rolled. Default 1073741824 (1 GiB)."},
    {"log.segment.delete.delay.ms",
     "Default for the topic config file.delete.delay.ms: time in ms before a deleted segment"
     " file is removed from disk. Default 60000."},
    {"max.compaction.lag.ms",
     "Longest time, in ms, a record may stay ineligible for compaction in a compacted log. "
     "Default 9223372036854775807 (no limit)."},
    {"max.connection.creation.rate",
     "Largest number of new connections per second the broker accepts; can also be set per "
     "listener with a listener.name.<name>. prefix. Default 2147483647 (unlimited)."},
    {"max.connections",
     "Largest number of connections the broker allows at once, on top of the per-IP limits; "
     "can also be set per listener. Default 2147483647 (unlimited)."},
    {"max.connections.per.ip",
     "Largest number of connections allowed from one IP address; may be 0 if "
     "max.connections.per.ip.overrides grants specific hosts. Default 2147483647."},
    {"max.connections.per.ip.overrides",
     "Comma-separated host:limit or ip:limit pairs overriding max.connections.per.ip for "
     "those addresses, e.g. hostA:100,127.0.0.1:200. Default empty."},
    {"max.message.bytes",
     "Largest record batch, in bytes after compression, the broker accepts for this topic. "
     "Default 1048588."},
    {"message.downconversion.enable",
     "Deprecated; accepted for compatibility with Kafka 3.x clients and has no effect."},
    {"message.format.version",
     "Deprecated; accepted for compatibility with Kafka 3.x clients and has no effect."},
    {"message.max.bytes",
     "Default for the topic config max.message.bytes: the largest record batch in bytes, "
     "after compression, the broker accepts. Default 1048588."},
    {"message.timestamp.after.max.ms",
     "With message.timestamp.type=CreateTime, the largest amount in ms a record timestamp "
     "may be ahead of the broker's clock before the batch is rejected; ignored with "
     "LogAppendTime. Default 3600000 (1 hour)."},
    {"message.timestamp.before.max.ms",
     "With message.timestamp.type=CreateTime, the largest amount in ms a record timestamp "
     "may be behind the broker's clock before the batch is rejected; ignored with "
     "LogAppendTime. Default 9223372036854775807 (no limit)."},
    {"message.timestamp.difference.max.ms",
     "Deprecated; accepted for compatibility with Kafka 3.x clients and has no effect."},
    {"message.timestamp.type",
     "Which timestamp records carry: 'CreateTime' keeps the producer's timestamp, "
     "'LogAppendTime' replaces it with the broker's time when appending. Default CreateTime."},
    {"metadata.log.dir",
     "Directory of the KRaft metadata log; when unset, the first directory of log.dirs is "
     "used."},
    {"metric.reporters",
     "Comma-separated class names of metrics reporters to load. Default "
     "org.apache.kafka.common.metrics.JmxReporter."},
    {"min.cleanable.dirty.ratio",
     "Fraction of a compacted log that must be uncompacted (dirty) before the cleaner "
     "compacts it, between 0 and 1; higher means fewer but more efficient cleanings and more"
     " wasted space. Default 0.5."},
    {"min.compaction.lag.ms",
     "Shortest time, in ms, a record stays uncompacted in a compacted log. Default 0."},
    {"min.insync.replicas",
     "When a producer uses acks=all (-1), the least number of in-sync replicas that must "
     "have a write for it to succeed; otherwise the producer gets NOT_ENOUGH_REPLICAS. "
     "Default 1. The broker key of the same name sets the default for topics."},
    {"node.id",
     "Identifier of this node within the cluster; required in KRaft mode (Kafka's default -1"
     " means unset). Samsa's default is 0."},
    {"num.io.threads",
     "Number of threads the broker uses to process requests, including disk I/O. Default 8."},
    {"num.network.threads",
     "Number of threads that read requests from and write responses to the network. Kafka's "
     "default is 3; Samsa's is the number of online CPU cores."},
    {"num.partitions",
     "Number of partitions of automatically created topics and of topics created without a "
     "partition count. Default 1."},
    {"num.recovery.threads.per.data.dir",
     "Number of threads per data directory used to recover logs at start-up and flush them "
     "at shutdown. Default 2 (1 before Kafka 4.0)."},
    {"num.replica.fetchers",
     "Number of threads a follower uses to fetch records from each source broker; more "
     "threads give more I/O parallelism. Default 1."},
    {"offset.metadata.max.bytes",
     "Largest size in bytes of the metadata string stored with a committed offset; larger "
     "commits fail with OFFSET_METADATA_TOO_LARGE. Default 4096."},
    {"offsets.commit.timeout.ms",
     "Time in ms an offset commit waits for all replicas of the offsets topic to acknowledge"
     " it, like a producer's request timeout. Default 5000."},
    {"offsets.retention.check.interval.ms",
     "How often, in ms, the group coordinator looks for expired committed offsets. Default "
     "600000 (10 minutes)."},
    {"offsets.retention.minutes",
     "Minutes after which a group's committed offsets expire once the group is empty (or, "
     "for standalone consumers, since the last commit). Default 10080 (7 days)."},
    {"offsets.topic.num.partitions",
     "Number of partitions of the internal __consumer_offsets topic; should not change after"
     " it is created. Default 50."},
    {"offsets.topic.replication.factor",
     "Replication factor of the internal __consumer_offsets topic; its creation fails until "
     "the cluster has that many brokers. Default 3."},
    {"offsets.topic.segment.bytes",
     "Segment size in bytes of the __consumer_offsets topic, kept small so compaction and "
     "loading at start-up are fast. Default 104857600 (100 MiB)."},
    {"preallocate",
     "Whether a new log segment file is preallocated on disk to its full size when it is "
     "created. Default false."},
    {"principal.builder.class",
     "Fully qualified class name of the KafkaPrincipalBuilder that derives the principal of "
     "each connection for authorization. Default "
     "org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder."},
    {"process.roles",
     "Roles this KRaft process plays: 'broker', 'controller', or 'broker,controller'. "
     "Required in KRaft mode."},
    {"producer.id.expiration.check.interval.ms",
     "How often in ms the broker removes the state of producer IDs that have been idle for "
     "producer.id.expiration.ms. Default 600000 (10 minutes)."},
    {"producer.id.expiration.ms",
     "Time in ms a partition leader keeps the state of an idle producer ID before expiring "
     "it; IDs with an ongoing transaction do not expire. Default 86400000 (1 day)."},
    {"queued.max.requests",
     "Number of requests that may wait in the request queue before the network threads stop "
     "reading more. Default 500."},
    {"remote.storage.enable",
     "Whether tiered storage is enabled for the topic, so older segments are copied to "
     "remote storage. Default false."},
    {"replica.alter.log.dirs.io.max.bytes.per.second",
     "Upper bound in bytes per second on disk I/O used to move replicas between log "
     "directories of the same broker; can only be set dynamically. Default "
     "9223372036854775807 (unlimited)."},
    {"replica.fetch.max.bytes",
     "Bytes a follower tries to fetch per partition; not absolute, since a larger first "
     "batch is still returned so replication progresses. Default 1048576 (1 MiB)."},
    {"replica.lag.time.max.ms",
     "Time in ms after which a follower that has not fetched, or not caught up to the "
     "leader's log end, is removed from the ISR. Default 30000."},
    {"request.timeout.ms",
     "Time in ms the broker waits for a response to a request it sends itself (e.g. to the "
     "controller) before retrying or failing. Default 30000."},
    {"retention.bytes",
     "Largest size in bytes a partition's log may reach before the oldest segments are "
     "deleted, when cleanup.policy includes delete; the limit applies per partition. Default"
     " -1 (no size limit)."},
    {"retention.ms",
     "Longest time, in ms, a segment is kept before it is deleted, when cleanup.policy "
     "includes delete. Default 604800000 (7 days); -1 means no time limit."},
    {"sasl.enabled.mechanisms",
     "Comma-separated SASL mechanisms the broker accepts, e.g. PLAIN, SCRAM-SHA-256, GSSAPI."
     " Default GSSAPI."},
    {"sasl.jaas.config",
     "JAAS login module configuration for SASL, as 'loginModuleClass controlFlag "
     "(option=value)*;'. On brokers it is set per listener and mechanism. Default unset."},
    {"sasl.kerberos.kinit.cmd",
     "Path of the Kerberos kinit command. Default /usr/bin/kinit."},
    {"sasl.kerberos.min.time.before.relogin",
     "Time in ms the Kerberos login thread waits between ticket refresh attempts. Default "
     "60000."},
    {"sasl.kerberos.principal.to.local.rules",
     "Ordered rules mapping Kerberos principal names to short names; the first match wins. "
     "Default DEFAULT (user/host@REALM maps to user)."},
    {"sasl.kerberos.service.name",
     "Kerberos principal name the Kafka service runs as. Default unset."},
    {"sasl.kerberos.ticket.renew.jitter",
     "Fraction of random jitter added to the Kerberos ticket renewal time. Default 0.05."},
    {"sasl.kerberos.ticket.renew.window.factor",
     "Fraction of the time between the last refresh and the ticket's expiry after which the "
     "login thread renews the Kerberos ticket. Default 0.8."},
    {"sasl.login.refresh.buffer.seconds",
     "Seconds before credential expiry to keep as a margin when refreshing a login "
     "credential, from 0 to 3600. Default 300. Currently used only by OAUTHBEARER."},
    {"sasl.login.refresh.min.period.seconds",
     "Shortest time in seconds the login refresh thread waits before refreshing a "
     "credential, from 0 to 900. Default 60. Currently used only by OAUTHBEARER."},
    {"sasl.login.refresh.window.factor",
     "Fraction of a credential's lifetime after which the login refresh thread refreshes it,"
     " from 0.5 to 1.0. Default 0.8. Currently used only by OAUTHBEARER."},
    {"sasl.login.refresh.window.jitter",
     "Largest random jitter, as a fraction of the credential's lifetime, added to the login "
     "refresh thread's sleep, from 0 to 0.25. Default 0.05. Currently used only by "
     "OAUTHBEARER."},
    {"sasl.mechanism.inter.broker.protocol",
     "SASL mechanism brokers use to authenticate to each other. Default GSSAPI."},
    {"security.inter.broker.protocol",
     "Security protocol used between brokers: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL; "
     "cannot be set together with inter.broker.listener.name. Default PLAINTEXT."},
    {"segment.bytes",
     "Size in bytes at which the active log segment is closed and a new one started; "
     "retention and compaction work on whole segments. Default 1073741824 (1 GiB)."},
    {"segment.index.bytes",
     "Size in bytes of the offset index file preallocated for each segment (trimmed when the"
     " segment rolls). Default 10485760 (10 MiB)."},
    {"segment.jitter.ms",
     "Largest random time, in ms, subtracted from segment.ms for each segment so that many "
     "partitions do not roll at the same moment. Default 0."},
    {"segment.ms",
     "Time in ms after which the active segment is rolled even if not full, so retention and"
     " compaction can act on it. Default 604800000 (7 days)."},
    {"socket.receive.buffer.bytes",
     "SO_RCVBUF size in bytes of the broker's sockets; -1 keeps the OS default (autotuned). "
     "Default -1 (Kafka: 102400, which made produce cost samsa more CPU per GB)."},
    {"socket.request.max.bytes",
     "Largest request size in bytes the broker accepts; a larger size prefix closes the "
     "connection. Default 104857600 (100 MiB)."},
    {"socket.send.buffer.bytes",
     "SO_SNDBUF size in bytes of the broker's sockets; -1 keeps the OS default. Default "
     "102400."},
    {"ssl.cipher.suites",
     "List of TLS cipher suites (combinations of key exchange, authentication, encryption "
     "and MAC algorithms) allowed on SSL connections. Default empty: all suites the JVM "
     "supports."},
    {"ssl.client.auth",
     "Whether the broker asks SSL clients for a certificate: 'required' (must present one), "
     "'requested' (optional) or 'none'. Default none."},
    {"ssl.enabled.protocols",
     "Comma-separated TLS protocol versions allowed on SSL connections. Default "
     "TLSv1.2,TLSv1.3."},
    {"ssl.endpoint.identification.algorithm",
     "Algorithm used to check a peer's hostname against its certificate; an empty value "
     "disables hostname verification. Default https."},
    {"ssl.engine.factory.class",
     "Class implementing org.apache.kafka.common.security.auth.SslEngineFactory that creates"
     " SSLEngine objects. Default unset: Kafka's DefaultSslEngineFactory."},
    {"ssl.key.password",
     "Password of the private key in the key store file, or of the PEM key given in "
     "ssl.keystore.key. Default unset."},
    {"ssl.keymanager.algorithm",
     "Key manager factory algorithm used for SSL connections. Default: the JVM's default "
     "(usually SunX509)."},
    {"ssl.keystore.certificate.chain",
     "Certificate chain in the format of ssl.keystore.type, given inline; the default engine"
     " factory accepts PEM X.509 certificates only. Default unset."},
    {"ssl.keystore.key",
     "Private key in the format of ssl.keystore.type, given inline; the default engine "
     "factory accepts PEM PKCS#8 keys only, with ssl.key.password if encrypted. Default "
     "unset."},
    {"ssl.keystore.location",
     "Path of the key store file holding the broker's certificate and private key. Default "
     "unset."},
    {"ssl.keystore.password",
     "Password of the key store file given by ssl.keystore.location; not used with PEM. "
     "Default unset."},
    {"ssl.keystore.type",
     "Format of the key store: JKS, PKCS12 or PEM. Default JKS."},
    {"ssl.protocol",
     "TLS protocol used to build the SSLContext, e.g. TLSv1.3 or TLSv1.2; older protocols "
     "are discouraged. Default TLSv1.3."},
    {"ssl.provider",
     "Name of the JVM security provider used for SSL connections. Default unset: the JVM's "
     "default provider."},
    {"ssl.secure.random.implementation",
     "SecureRandom PRNG implementation used for SSL cryptography. Default unset: the JVM's "
     "default."},
    {"ssl.trustmanager.algorithm",
     "Trust manager factory algorithm used for SSL connections. Default: the JVM's default "
     "(usually PKIX)."},
    {"ssl.truststore.certificates",
     "Trusted certificates in the format of ssl.truststore.type, given inline; the default "
     "engine factory accepts PEM X.509 certificates only. Default unset."},
    {"ssl.truststore.location",
     "Path of the trust store file holding the certificates of trusted CAs. Default unset."},
    {"ssl.truststore.password",
     "Password of the trust store file; without it the file is still used but its integrity "
     "is not checked. Not used with PEM. Default unset."},
    {"ssl.truststore.type",
     "Format of the trust store: JKS, PKCS12 or PEM. Default JKS."},
    {"super.users",
     "Semicolon-separated principals, e.g. User:admin;User:ops, allowed every operation "
     "regardless of ACLs. Default empty."},
    {"transaction.max.timeout.ms",
     "Largest transaction timeout, in ms, a producer may request; InitProducerId with a "
     "larger one fails, so a stuck transaction cannot block consumers for too long. Default "
     "900000 (15 minutes)."},
    {"transaction.partition.verification.enable",
     "Whether the partition leader checks, before writing transactional records, that the "
     "partition was added to the ongoing transaction. Default true."},
    {"transaction.state.log.min.isr",
     "min.insync.replicas of the internal __transaction_state topic. Default 2."},
    {"transaction.state.log.num.partitions",
     "Number of partitions of the internal __transaction_state topic, fixed when the topic is created (on the first transactional client). Default 50."},
    {"transaction.state.log.replication.factor",
     "Replication factor of the internal __transaction_state topic; its creation fails until"
     " the cluster has that many brokers. Default 3."},
    {"transaction.state.log.segment.bytes",
     "Segment size in bytes of the internal __transaction_state topic, kept small so that compaction cleans it quickly. Default 104857600 (100 MiB)."},
    {"transactional.id.expiration.ms",
     "Time in ms without transaction status updates after which the coordinator expires a "
     "transactional ID; IDs with an ongoing transaction do not expire. Default 604800000 (7 "
     "days)."},
    {"unclean.leader.election.enable",
     "Whether a replica outside the ISR may be elected leader as a last resort, at the risk "
     "of losing data. Default false. The broker key of the same name sets the default for "
     "topics."},
    {"zookeeper.connect",
     "ZooKeeper connection string, host:port[,host:port][/chroot]. Used only by "
     "ZooKeeper-mode clusters, which Kafka 4.0 removed; Samsa accepts it and ignores it."},
    {"zookeeper.connection.timeout.ms",
     "Longest time in ms to wait while connecting to ZooKeeper; when unset, "
     "zookeeper.session.timeout.ms applies. ZooKeeper mode only (removed in Kafka 4.0); "
     "Samsa ignores it."},
    {"zookeeper.session.timeout.ms",
     "ZooKeeper session timeout in ms. Default 18000. ZooKeeper mode only (removed in Kafka "
     "4.0); Samsa ignores it."},
};

#define NDOCS ((int)(sizeof(docs) / sizeof(docs[0])))

const char *sm_config_doc(const char *name)
{
    if (!name) return NULL;
    int lo = 0, hi = NDOCS - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(name, docs[mid].name);
        if (c == 0) return docs[mid].doc;
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return NULL;
}

int sm_config_doc_count(void)
{
    return NDOCS;
}

const char *sm_config_doc_name(int i)
{
    return i >= 0 && i < NDOCS ? docs[i].name : NULL;
}

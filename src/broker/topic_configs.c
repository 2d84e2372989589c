#include "topic_configs.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sm_topic_config_def_t defs[] = {
    {"cleanup.policy", SM_CFGTYPE_LIST, "log.cleanup.policy"},
    {"compression.type", SM_CFGTYPE_STRING, "compression.type"},
    {"delete.retention.ms", SM_CFGTYPE_LONG, "log.cleaner.delete.retention.ms"},
    {"file.delete.delay.ms", SM_CFGTYPE_LONG, "log.segment.delete.delay.ms"},
    {"flush.messages", SM_CFGTYPE_LONG, "log.flush.interval.messages"},
    {"flush.ms", SM_CFGTYPE_LONG, "log.flush.interval.ms"},
    {"follower.replication.throttled.replicas", SM_CFGTYPE_LIST, NULL},
    {"index.interval.bytes", SM_CFGTYPE_INT, "log.index.interval.bytes"},
    {"leader.replication.throttled.replicas", SM_CFGTYPE_LIST, NULL},
    {"local.retention.bytes", SM_CFGTYPE_LONG, "log.local.retention.bytes"},
    {"local.retention.ms", SM_CFGTYPE_LONG, "log.local.retention.ms"},
    {"max.compaction.lag.ms", SM_CFGTYPE_LONG, "log.cleaner.max.compaction.lag.ms"},
    {"max.message.bytes", SM_CFGTYPE_INT, "message.max.bytes"},
    {"message.downconversion.enable", SM_CFGTYPE_BOOLEAN, NULL},
    {"message.format.version", SM_CFGTYPE_STRING, NULL},
    {"message.timestamp.after.max.ms", SM_CFGTYPE_LONG, "log.message.timestamp.after.max.ms"},
    {"message.timestamp.before.max.ms", SM_CFGTYPE_LONG, "log.message.timestamp.before.max.ms"},
    {"message.timestamp.difference.max.ms", SM_CFGTYPE_LONG, NULL},
    {"message.timestamp.type", SM_CFGTYPE_STRING, "log.message.timestamp.type"},
    {"min.cleanable.dirty.ratio", SM_CFGTYPE_DOUBLE, "log.cleaner.min.cleanable.ratio"},
    {"min.compaction.lag.ms", SM_CFGTYPE_LONG, "log.cleaner.min.compaction.lag.ms"},
    {"min.insync.replicas", SM_CFGTYPE_INT, "min.insync.replicas"},
    {"preallocate", SM_CFGTYPE_BOOLEAN, "log.preallocate"},
    {"remote.storage.enable", SM_CFGTYPE_BOOLEAN, NULL},
    {"retention.bytes", SM_CFGTYPE_LONG, "log.retention.bytes"},
    {"retention.ms", SM_CFGTYPE_LONG, "log.retention.ms"},
    {"segment.bytes", SM_CFGTYPE_INT, "log.segment.bytes"},
    {"segment.index.bytes", SM_CFGTYPE_INT, "log.index.size.max.bytes"},
    {"segment.jitter.ms", SM_CFGTYPE_LONG, "log.roll.jitter.ms"},
    {"segment.ms", SM_CFGTYPE_LONG, "log.roll.ms"},
    {"unclean.leader.election.enable", SM_CFGTYPE_BOOLEAN, "unclean.leader.election.enable"},
};

const sm_topic_config_def_t *sm_topic_config_defs(int *n)
{
    *n = (int)(sizeof(defs) / sizeof(defs[0]));
    return defs;
}

const sm_topic_config_def_t *sm_topic_config_def(const char *name, int len)
{
    for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
        if ((int)strlen(defs[i].name) == len && memcmp(defs[i].name, name, (size_t)len) == 0)
            return &defs[i];
    return NULL;
}

const char *sm_topic_config_default(const sm_config_t *c, const sm_topic_config_def_t *d,
                                    char *buf, int buflen)
{
    const char *n = d->name;
#define LONGV(v) (snprintf(buf, (size_t)buflen, "%lld", (long long)(v)), buf)
    if (!strcmp(n, "cleanup.policy")) return c->log_cleanup_policy;
    if (!strcmp(n, "compression.type")) return c->compression_type;
    if (!strcmp(n, "delete.retention.ms")) return LONGV(c->log_cleaner_delete_retention_ms);
    if (!strcmp(n, "file.delete.delay.ms")) return LONGV(c->log_segment_delete_delay_ms);
    if (!strcmp(n, "flush.messages")) return LONGV(c->log_flush_interval_messages);
    if (!strcmp(n, "flush.ms")) return LONGV(c->log_flush_interval_ms);
    if (!strcmp(n, "index.interval.bytes")) return LONGV(c->log_index_interval_bytes);
    if (!strcmp(n, "local.retention.bytes")) return LONGV(c->log_local_retention_bytes);
    if (!strcmp(n, "local.retention.ms")) return LONGV(c->log_local_retention_ms);
    if (!strcmp(n, "max.compaction.lag.ms")) return LONGV(c->log_cleaner_max_compaction_lag_ms);
    if (!strcmp(n, "max.message.bytes")) return LONGV(c->message_max_bytes);
    if (!strcmp(n, "message.downconversion.enable")) return "true";
    if (!strcmp(n, "message.format.version")) return "3.0-IV1";
    if (!strcmp(n, "message.timestamp.difference.max.ms")) return "9223372036854775807";
    if (!strcmp(n, "message.timestamp.after.max.ms")) return LONGV(c->log_message_timestamp_after_max_ms);
    if (!strcmp(n, "message.timestamp.before.max.ms")) return LONGV(c->log_message_timestamp_before_max_ms);
    if (!strcmp(n, "message.timestamp.type")) return c->log_message_timestamp_type;
    if (!strcmp(n, "min.cleanable.dirty.ratio"))
        return snprintf(buf, (size_t)buflen, "%g", c->log_cleaner_min_cleanable_ratio), buf;
    if (!strcmp(n, "min.compaction.lag.ms")) return LONGV(c->log_cleaner_min_compaction_lag_ms);
    if (!strcmp(n, "min.insync.replicas")) return LONGV(c->min_insync_replicas);
    if (!strcmp(n, "preallocate")) return c->log_preallocate ? "true" : "false";
    if (!strcmp(n, "remote.storage.enable")) return "false";
    if (!strcmp(n, "retention.bytes")) return LONGV(c->log_retention_bytes);
    if (!strcmp(n, "retention.ms")) return LONGV(c->log_retention_ms);
    if (!strcmp(n, "segment.bytes")) return LONGV(c->log_segment_bytes);
    if (!strcmp(n, "segment.index.bytes")) return LONGV(c->log_index_size_max_bytes);
    if (!strcmp(n, "segment.jitter.ms")) return LONGV(c->log_roll_jitter_ms);
    if (!strcmp(n, "segment.ms")) return LONGV(c->log_roll_ms);
    if (!strcmp(n, "unclean.leader.election.enable")) return c->unclean_leader_election_enable ? "true" : "false";
    return "";
#undef LONGV
}

int sm_topic_config_check(const sm_topic_config_def_t *d, const char *value, int len)
{
    char tmp[256];
    if (len < 0 || len >= (int)sizeof(tmp)) return d->type == SM_CFGTYPE_STRING || d->type == SM_CFGTYPE_LIST ? 0 : -1;
    memcpy(tmp, value, (size_t)len);
    tmp[len] = '\0';
    char *end;
    errno = 0;
    switch (d->type) {
    case SM_CFGTYPE_BOOLEAN:
        return strcmp(tmp, "true") == 0 || strcmp(tmp, "false") == 0 ? 0 : -1;
    case SM_CFGTYPE_INT:
    case SM_CFGTYPE_SHORT:
    case SM_CFGTYPE_LONG: {
        long long v = strtoll(tmp, &end, 10);
        if (errno || !*tmp || *end) return -1;
        if (d->type == SM_CFGTYPE_INT && (v < INT32_MIN || v > INT32_MAX)) return -1;
        return 0;
    }
    case SM_CFGTYPE_DOUBLE:
        strtod(tmp, &end);
        return errno || !*tmp || *end ? -1 : 0;
    default:
        if (!strcmp(d->name, "cleanup.policy")) {
            /* a list of delete/compact */
            char *save = NULL;
            for (char *tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                while (isspace((unsigned char)*tok)) tok++;
                if (strcmp(tok, "delete") && strcmp(tok, "compact")) return -1;
            }
        } else if (!strcmp(d->name, "message.timestamp.type")) {
            return strcmp(tmp, "CreateTime") == 0 || strcmp(tmp, "LogAppendTime") == 0 ? 0 : -1;
        } else if (!strcmp(d->name, "compression.type")) {
            static const char *ok[] = {"producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"};
            for (size_t i = 0; i < 6; i++)
                if (!strcmp(tmp, ok[i])) return 0;
            return -1;
        }
        return 0;
    }
}

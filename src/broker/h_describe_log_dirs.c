/* DescribeLogDirs: every log dir with the size of each partition it holds
 * (all topics, or those asked), and from v4 the file system's total and
 * usable bytes. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "handlers.h"
#include "protocol/describe_log_dirs.h"
#include "protocol/errors.h"

typedef struct dir_walk {
    sm_req_t *req;
    const sm_DescribeLogDirsRequest *rq;
    int dir_index;
    sm_DescribeLogDirsResult *out;
    int32_t cap;
} dir_walk_t;

/* The asked partitions of a topic (NULL/-1 count: all of them). */
static bool asked(const sm_DescribeLogDirsRequest *rq, const sm_topic_t *tp, int32_t p)
{
    if (rq->Topics_count < 0) return true;
    for (int32_t i = 0; i < rq->Topics_count; i++) {
        if (!sm_str_eq(rq->Topics[i].Topic, tp->name)) continue;
        for (int32_t k = 0; k < rq->Topics[i].Partitions_count; k++)
            if (rq->Topics[i].Partitions[k] == p) return true;
    }
    return false;
}

static void add_topic(sm_topic_t *tp, void *opaque)
{
    dir_walk_t *w = opaque;
    sm_DescribeLogDirsTopic t = {.Name = sm_str(tp->name)};
    for (int32_t p = 0; p < tp->partition_count; p++) {
        sm_partition_t *part = tp->partitions[p];
        if (!part || part->dir_index != w->dir_index || !asked(w->rq, tp, p)) continue;
        if (!t.Partitions)
            t.Partitions = sm_arena_calloc(w->req->arena, (size_t)tp->partition_count, sizeof(*t.Partitions));
        sm_DescribeLogDirsPartition *o = &t.Partitions[t.Partitions_count++];
        o->PartitionIndex = p;
        o->PartitionSize = sm_log_size_bytes(part->log);
        o->OffsetLag = 0; /* no future replica moves */
        o->IsFutureKey = false;
    }
    if (!t.Partitions_count) return;
    if (w->out->Topics_count == w->cap) {
        int32_t cap = w->cap ? w->cap * 2 : 16;
        sm_DescribeLogDirsTopic *v = sm_arena_calloc(w->req->arena, (size_t)cap, sizeof(*v));
        if (w->cap) memcpy(v, w->out->Topics, (size_t)w->cap * sizeof(*v));
        w->out->Topics = v;
        w->cap = cap;
    }
    w->out->Topics[w->out->Topics_count++] = t;
}

int sm_handle_describe_log_dirs(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_DescribeLogDirsRequest rq;
    if (sm_DescribeLogDirsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad DescribeLogDirs body");
        return SM_H_CLOSE;
    }
    sm_config_t *cfg = req->broker->cfg;
    sm_DescribeLogDirsResponse rs = {0};
    rs.Results_count = cfg->log_dir_count;
    rs.Results = sm_arena_calloc(req->arena, (size_t)cfg->log_dir_count, sizeof(*rs.Results));
    sm_topics_rdlock(req->broker->topics);
    for (int i = 0; i < cfg->log_dir_count; i++) {
        sm_DescribeLogDirsResult *r = &rs.Results[i];
        char abs[PATH_MAX];
        const char *dir = realpath(cfg->log_dirs[i], abs) ? abs : cfg->log_dirs[i];
        r->LogDir = (sm_str_t){sm_arena_strndup(req->arena, dir, strlen(dir)), (int32_t)strlen(dir)};
        struct statvfs st;
        if (statvfs(cfg->log_dirs[i], &st) == 0) {
            r->TotalBytes = (int64_t)st.f_blocks * (int64_t)st.f_frsize;
            r->UsableBytes = (int64_t)st.f_bavail * (int64_t)st.f_frsize;
        } else {
            r->ErrorCode = SM_ERR_KAFKA_STORAGE_ERROR;
            r->TotalBytes = r->UsableBytes = -1;
        }
        dir_walk_t w = {.req = req, .rq = &rq, .dir_index = i, .out = r};
        sm_topics_foreach(req->broker->topics, add_topic, &w);
    }
    sm_topics_unlock(req->broker->topics);
    sm_DescribeLogDirsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

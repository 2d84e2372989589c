#include "pending_offsets.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void drop(sm_pending_offset_t *o)
{
    free(o->group);
    free(o->topic);
    free(o->metadata);
}

void sm_pending_offsets_free(sm_pending_offsets_t *p)
{
    for (int i = 0; i < p->n; i++) drop(&p->v[i]);
    free(p->v);
    memset(p, 0, sizeof(*p));
}

static bool same(const sm_pending_offset_t *o, sm_str_t group, sm_str_t topic, int32_t partition)
{
    return o->partition == partition && sm_str_eq(group, o->group) && sm_str_eq(topic, o->topic);
}

int sm_pending_offsets_add(sm_pending_offsets_t *p, int64_t producer_id, sm_str_t group, sm_str_t topic,
                           int32_t partition, const sm_gr_offset_t *v)
{
    sm_pending_offset_t o = {producer_id,
                             strndup(group.ptr ? group.ptr : "", group.len > 0 ? (size_t)group.len : 0),
                             strndup(topic.ptr ? topic.ptr : "", topic.len > 0 ? (size_t)topic.len : 0),
                             strndup(v->metadata.ptr ? v->metadata.ptr : "",
                                     v->metadata.len > 0 ? (size_t)v->metadata.len : 0),
                             partition, v->offset, v->leader_epoch, v->commit_timestamp};
    if (!o.group || !o.topic || !o.metadata) {
        drop(&o);
        return -ENOMEM;
    }
    for (int i = 0; i < p->n; i++)
        if (p->v[i].producer_id == producer_id && same(&p->v[i], group, topic, partition)) {
            drop(&p->v[i]);
            p->v[i] = o;
            return 0;
        }
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 16;
        sm_pending_offset_t *nv = realloc(p->v, sizeof(*nv) * (size_t)cap);
        if (!nv) {
            drop(&o);
            return -ENOMEM;
        }
        p->v = nv;
        p->cap = cap;
    }
    p->v[p->n++] = o;
    return 0;
}

bool sm_pending_offsets_has(const sm_pending_offsets_t *p, sm_str_t group, sm_str_t topic, int32_t partition)
{
    for (int i = 0; i < p->n; i++)
        if (same(&p->v[i], group, topic, partition)) return true;
    return false;
}

void sm_pending_offsets_complete(sm_pending_offsets_t *p, int64_t producer_id, bool commit, sm_pending_apply_fn apply,
                                 void *ctx)
{
    int k = 0;
    for (int i = 0; i < p->n; i++) {
        if (p->v[i].producer_id != producer_id) {
            p->v[k++] = p->v[i];
            continue;
        }
        if (commit) apply(&p->v[i], ctx);
        drop(&p->v[i]);
    }
    p->n = k;
}

/*
 * OffsetFetch codec; the byte layout per version is in offset_fetch.h.
 * Array counts are checked against the smallest encoding of one element, so
 * a forged count cannot make the arena allocate much more than the request.
 */
#include "offset_fetch.h"

/* [OffsetFetchRequestTopic(s)], the same shape in every version. */
static sm_OffsetFetchRequestTopic *decode_req_topics(sm_rd_t *r, sm_arena_t *a, bool nullable,
                                                     int32_t *count)
{
    bool fl = r->flexible;
    *count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), nullable);
    sm_OffsetFetchRequestTopic *t = sm_rd_alloc(a, *count, sizeof(*t));
    for (int32_t i = 0; i < *count && !r->err; i++) {
        t[i].Name = sm_rd_string(r);
        t[i].PartitionIndexes = sm_rd_i32_array(r, a, &t[i].PartitionIndexes_count);
        sm_rd_tags(r);
    }
    return t;
}

static void encode_req_topics(sm_wr_t *w, bool nullable, int32_t count,
                              const sm_OffsetFetchRequestTopic *t)
{
    if (nullable)
        sm_wr_array_len(w, count);
    else
        sm_wr_count(w, count);
    for (int32_t i = 0; i < count; i++) {
        sm_wr_string_nonnull(w, t[i].Name);
        sm_wr_i32_array(w, t[i].PartitionIndexes_count, t[i].PartitionIndexes);
        sm_wr_tags_empty(w);
    }
}

int sm_OffsetFetchRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                 sm_OffsetFetchRequest *m)
{
    bool fl = version >= 6;
    r->flexible = fl;
    m->GroupId = SM_STR_EMPTY;
    m->Topics_count = 0;
    m->Topics = NULL;
    if (version <= 7) {
        m->GroupId = sm_rd_string(r);
        m->Topics = decode_req_topics(r, a, version >= 2, &m->Topics_count);
        /* The one group of an old request, as v8+ would carry it. */
        m->Groups_count = 1;
        m->Groups = sm_arena_calloc(a, 1, sizeof(*m->Groups));
        m->Groups[0] = (sm_OffsetFetchRequestGroup){.GroupId = m->GroupId,
                                                    .MemberId = SM_STR_NULL,
                                                    .MemberEpoch = -1,
                                                    .Topics_count = m->Topics_count,
                                                    .Topics = m->Topics};
    } else {
        size_t min_group = SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl);
        if (version >= 9) min_group += SM_STR_MIN(fl) + 4;
        m->Groups_count = sm_rd_count(r, min_group, false);
        m->Groups = sm_rd_alloc(a, m->Groups_count, sizeof(*m->Groups));
        for (int32_t i = 0; i < m->Groups_count && !r->err; i++) {
            sm_OffsetFetchRequestGroup *g = &m->Groups[i];
            g->GroupId = sm_rd_string(r);
            g->MemberId = version >= 9 ? sm_rd_nstring(r) : SM_STR_NULL;
            g->MemberEpoch = version >= 9 ? sm_rd_i32(r) : -1;
            g->Topics = decode_req_topics(r, a, true, &g->Topics_count);
            sm_rd_tags(r);
        }
    }
    m->RequireStable = version >= 7 ? sm_rd_bool(r) : false;
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_OffsetFetchRequest_encode(sm_wr_t *w, int16_t version, const sm_OffsetFetchRequest *m)
{
    w->flexible = version >= 6;
    if (version <= 7) {
        sm_wr_string_nonnull(w, m->GroupId);
        encode_req_topics(w, version >= 2, m->Topics_count, m->Topics);
    } else {
        sm_wr_count(w, m->Groups_count);
        for (int32_t i = 0; i < m->Groups_count; i++) {
            const sm_OffsetFetchRequestGroup *g = &m->Groups[i];
            sm_wr_string_nonnull(w, g->GroupId);
            if (version >= 9) {
                sm_wr_string(w, g->MemberId);
                sm_wr_i32(w, g->MemberEpoch);
            }
            encode_req_topics(w, true, g->Topics_count, g->Topics);
            sm_wr_tags_empty(w);
        }
    }
    if (version >= 7) sm_wr_bool(w, m->RequireStable);
    sm_wr_tags_empty(w);
}

/* [OffsetFetchResponseTopic(s)]: CommittedLeaderEpoch is on the wire from v5
 * (and in every v8+ group). */
static sm_OffsetFetchResponseTopic *decode_resp_topics(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                                       int32_t *count)
{
    bool fl = r->flexible;
    size_t min_part = 14 + SM_STR_MIN(fl) + SM_TAGS_MIN(fl);
    if (version >= 5) min_part += 4;
    *count = sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + SM_TAGS_MIN(fl), false);
    sm_OffsetFetchResponseTopic *t = sm_rd_alloc(a, *count, sizeof(*t));
    for (int32_t i = 0; i < *count && !r->err; i++) {
        t[i].Name = sm_rd_string(r);
        t[i].Partitions_count = sm_rd_count(r, min_part, false);
        t[i].Partitions = sm_rd_alloc(a, t[i].Partitions_count, sizeof(*t[i].Partitions));
        for (int32_t j = 0; j < t[i].Partitions_count && !r->err; j++) {
            sm_OffsetFetchResponsePartition *p = &t[i].Partitions[j];
            p->PartitionIndex = sm_rd_i32(r);
            p->CommittedOffset = sm_rd_i64(r);
            p->CommittedLeaderEpoch = version >= 5 ? sm_rd_i32(r) : -1;
            p->Metadata = sm_rd_nstring(r);
            p->ErrorCode = sm_rd_i16(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    return t;
}

static void encode_resp_topics(sm_wr_t *w, int16_t version, int32_t count,
                               const sm_OffsetFetchResponseTopic *t)
{
    sm_wr_count(w, count);
    for (int32_t i = 0; i < count; i++) {
        sm_wr_string_nonnull(w, t[i].Name);
        sm_wr_count(w, t[i].Partitions_count);
        for (int32_t j = 0; j < t[i].Partitions_count; j++) {
            const sm_OffsetFetchResponsePartition *p = &t[i].Partitions[j];
            sm_wr_i32(w, p->PartitionIndex);
            sm_wr_i64(w, p->CommittedOffset);
            if (version >= 5) sm_wr_i32(w, p->CommittedLeaderEpoch);
            sm_wr_string(w, p->Metadata);
            sm_wr_i16(w, p->ErrorCode);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
}

int sm_OffsetFetchResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_OffsetFetchResponse *m)
{
    bool fl = version >= 6;
    r->flexible = fl;
    m->ThrottleTimeMs = version >= 3 ? sm_rd_i32(r) : 0;
    m->Topics_count = 0;
    m->Topics = NULL;
    m->ErrorCode = 0;
    m->Groups_count = 0;
    m->Groups = NULL;
    if (version <= 7) {
        m->Topics = decode_resp_topics(r, a, version, &m->Topics_count);
        if (version >= 2) m->ErrorCode = sm_rd_i16(r);
    } else {
        m->Groups_count =
            sm_rd_count(r, SM_STR_MIN(fl) + SM_ARR_MIN(fl) + 2 + SM_TAGS_MIN(fl), false);
        m->Groups = sm_rd_alloc(a, m->Groups_count, sizeof(*m->Groups));
        for (int32_t i = 0; i < m->Groups_count && !r->err; i++) {
            sm_OffsetFetchResponseGroup *g = &m->Groups[i];
            g->GroupId = sm_rd_string(r);
            g->Topics = decode_resp_topics(r, a, version, &g->Topics_count);
            g->ErrorCode = sm_rd_i16(r);
            sm_rd_tags(r);
        }
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_OffsetFetchResponse_encode(sm_wr_t *w, int16_t version, const sm_OffsetFetchResponse *m)
{
    w->flexible = version >= 6;
    if (version >= 3) sm_wr_i32(w, m->ThrottleTimeMs);
    if (version <= 7) {
        encode_resp_topics(w, version, m->Topics_count, m->Topics);
        if (version >= 2) sm_wr_i16(w, m->ErrorCode);
    } else {
        sm_wr_count(w, m->Groups_count);
        for (int32_t i = 0; i < m->Groups_count; i++) {
            const sm_OffsetFetchResponseGroup *g = &m->Groups[i];
            sm_wr_string_nonnull(w, g->GroupId);
            encode_resp_topics(w, version, g->Topics_count, g->Topics);
            sm_wr_i16(w, g->ErrorCode);
            sm_wr_tags_empty(w);
        }
    }
    sm_wr_tags_empty(w);
}

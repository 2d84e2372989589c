/*
 * ListOffsets (key 2) codec; the byte layout per version is in list_offsets.h.
 */
#include "list_offsets.h"

#include <string.h>

#define FLEXIBLE(v) ((v) >= 6)

/* Smallest wire size of each field kind, used to bound array counts. */
#define STR_MIN(fl) ((fl) ? 1u : 2u)
#define ARR_MIN(fl) ((fl) ? 1u : 4u)
#define TAGS_MIN(fl) ((fl) ? 1u : 0u)

/* Reads an array count; null (-1) fails unless `nullable`. The count must
 * leave at least `min_elem` bytes per element, so a hostile count cannot make
 * us allocate more than a small multiple of the bytes actually received. */
static int32_t read_count(sm_rd_t *r, size_t min_elem, bool nullable)
{
    int32_t n = sm_rd_array_len(r);
    if (r->err) return 0;
    if (n < 0) {
        if (!nullable) sm_rd_fail(r, SM_RD_INVALID);
        return nullable ? -1 : 0;
    }
    if ((uint64_t)n * min_elem > sm_rd_remaining(r)) {
        sm_rd_fail(r, SM_RD_INVALID);
        return 0;
    }
    return n;
}

static void *alloc_n(sm_arena_t *a, int32_t n, size_t sz)
{
    return n > 0 ? sm_arena_calloc(a, (size_t)n, sz) : NULL;
}

/* Non-nullable string: a null view goes out as "" rather than an invalid null. */
static void wr_str(sm_wr_t *w, sm_str_t s)
{
    sm_wr_string(w, s.len < 0 || !s.ptr ? (sm_str_t){"", 0} : s);
}

/* Non-nullable array: a negative count goes out as empty. */
static void wr_count(sm_wr_t *w, int32_t n)
{
    sm_wr_array_len(w, n < 0 ? 0 : n);
}

/* ---- request ---- */

int sm_ListOffsetsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                 sm_ListOffsetsRequest *m)
{
    bool fl = FLEXIBLE(version);
    r->flexible = fl;
    memset(m, 0, sizeof(*m));
    if (version < 1 || version > 10) {
        sm_rd_fail(r, SM_RD_INVALID);
        return -1;
    }
    m->ReplicaId = sm_rd_i32(r);
    if (version >= 2) m->IsolationLevel = sm_rd_i8(r);
    m->Topics_count = read_count(r, STR_MIN(fl) + ARR_MIN(fl) + TAGS_MIN(fl), false);
    m->Topics = alloc_n(a, m->Topics_count, sizeof(*m->Topics));
    size_t part_min = 4 + 8 + TAGS_MIN(fl) + (version >= 4 ? 4 : 0);
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_ListOffsetsTopic *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = read_count(r, part_min, false);
        t->Partitions = alloc_n(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_ListOffsetsPartition *p = &t->Partitions[j];
            p->PartitionIndex = sm_rd_i32(r);
            p->CurrentLeaderEpoch = version >= 4 ? sm_rd_i32(r) : -1;
            p->Timestamp = sm_rd_i64(r);
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    if (version >= 10) m->TimeoutMs = sm_rd_i32(r);
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ListOffsetsRequest_encode(sm_wr_t *w, int16_t version, const sm_ListOffsetsRequest *m)
{
    w->flexible = FLEXIBLE(version);
    sm_wr_i32(w, m->ReplicaId);
    if (version >= 2) sm_wr_i8(w, m->IsolationLevel);
    wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_ListOffsetsTopic *t = &m->Topics[i];
        wr_str(w, t->Name);
        wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_ListOffsetsPartition *p = &t->Partitions[j];
            sm_wr_i32(w, p->PartitionIndex);
            if (version >= 4) sm_wr_i32(w, p->CurrentLeaderEpoch);
            sm_wr_i64(w, p->Timestamp);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    if (version >= 10) sm_wr_i32(w, m->TimeoutMs);
    sm_wr_tags_empty(w);
}

/* ---- response ---- */

int sm_ListOffsetsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_ListOffsetsResponse *m)
{
    bool fl = FLEXIBLE(version);
    r->flexible = fl;
    memset(m, 0, sizeof(*m));
    if (version < 1 || version > 10) {
        sm_rd_fail(r, SM_RD_INVALID);
        return -1;
    }
    if (version >= 2) m->ThrottleTimeMs = sm_rd_i32(r);
    m->Topics_count = read_count(r, STR_MIN(fl) + ARR_MIN(fl) + TAGS_MIN(fl), false);
    m->Topics = alloc_n(a, m->Topics_count, sizeof(*m->Topics));
    size_t part_min = 4 + 2 + 8 + 8 + TAGS_MIN(fl) + (version >= 4 ? 4 : 0);
    for (int32_t i = 0; i < m->Topics_count && !r->err; i++) {
        sm_ListOffsetsTopicResponse *t = &m->Topics[i];
        t->Name = sm_rd_string(r);
        t->Partitions_count = read_count(r, part_min, false);
        t->Partitions = alloc_n(a, t->Partitions_count, sizeof(*t->Partitions));
        for (int32_t j = 0; j < t->Partitions_count && !r->err; j++) {
            sm_ListOffsetsPartitionResponse *p = &t->Partitions[j];
            p->PartitionIndex = sm_rd_i32(r);
            p->ErrorCode = sm_rd_i16(r);
            p->Timestamp = sm_rd_i64(r);
            p->Offset = sm_rd_i64(r);
            p->LeaderEpoch = version >= 4 ? sm_rd_i32(r) : -1;
            sm_rd_tags(r);
        }
        sm_rd_tags(r);
    }
    sm_rd_tags(r);
    return r->err ? -1 : 0;
}

void sm_ListOffsetsResponse_encode(sm_wr_t *w, int16_t version, const sm_ListOffsetsResponse *m)
{
    w->flexible = FLEXIBLE(version);
    if (version >= 2) sm_wr_i32(w, m->ThrottleTimeMs);
    wr_count(w, m->Topics_count);
    for (int32_t i = 0; i < m->Topics_count; i++) {
        const sm_ListOffsetsTopicResponse *t = &m->Topics[i];
        wr_str(w, t->Name);
        wr_count(w, t->Partitions_count);
        for (int32_t j = 0; j < t->Partitions_count; j++) {
            const sm_ListOffsetsPartitionResponse *p = &t->Partitions[j];
            sm_wr_i32(w, p->PartitionIndex);
            sm_wr_i16(w, p->ErrorCode);
            sm_wr_i64(w, p->Timestamp);
            sm_wr_i64(w, p->Offset);
            if (version >= 4) sm_wr_i32(w, p->LeaderEpoch);
            sm_wr_tags_empty(w);
        }
        sm_wr_tags_empty(w);
    }
    sm_wr_tags_empty(w);
}

#include "txn_records.h"

#include <stdlib.h>
#include <string.h>

const char *sm_txn_status_name(int8_t status)
{
    static const char *const names[] = {"Empty", "Ongoing", "PrepareCommit", "PrepareAbort",
                                        "CompleteCommit", "CompleteAbort", "Dead", "PrepareEpochFence"};
    return status >= 0 && status < 8 ? names[status] : "Unknown";
}

void sm_txn_key_encode(sm_wr_t *w, sm_str_t transactional_id)
{
    sm_wr_i16(w, 0);
    sm_wr_string_nonnull(w, transactional_id);
}

int sm_txn_key_decode(const uint8_t *p, size_t len, sm_str_t *transactional_id)
{
    sm_rd_t r;
    sm_rd_init(&r, p, len, false);
    if (sm_rd_i16(&r) != 0) return -1;
    *transactional_id = sm_rd_string(&r);
    return r.err || transactional_id->len < 0 ? -1 : 0;
}

static int cmp_partition(const void *a, const void *b)
{
    const sm_txn_partition_t *x = a, *y = b;
    int32_t n = x->topic.len < y->topic.len ? x->topic.len : y->topic.len;
    int c = memcmp(x->topic.ptr, y->topic.ptr, (size_t)(n > 0 ? n : 0));
    if (c) return c;
    if (x->topic.len != y->topic.len) return x->topic.len < y->topic.len ? -1 : 1;
    return x->partition < y->partition ? -1 : x->partition > y->partition;
}

void sm_txn_value_encode(sm_wr_t *w, const sm_txn_value_t *v)
{
    sm_wr_i16(w, 0);
    sm_wr_i64(w, v->producer_id);
    sm_wr_i16(w, v->producer_epoch);
    sm_wr_i32(w, v->timeout_ms);
    sm_wr_i8(w, v->status);
    /* topics sorted, each with its partitions (O(n log n) for big transactions) */
    int32_t n = v->partition_count > 0 ? v->partition_count : 0;
    sm_txn_partition_t *sorted = malloc(sizeof(*sorted) * (size_t)n + 1);
    if (!sorted) abort();
    if (n) memcpy(sorted, v->partitions, sizeof(*sorted) * (size_t)n);
    qsort(sorted, (size_t)n, sizeof(*sorted), cmp_partition);
    int32_t topics = 0;
    for (int32_t i = 0; i < n; i++)
        if (i == 0 || !sm_str_equal(sorted[i].topic, sorted[i - 1].topic)) topics++;
    sm_wr_array_len(w, topics);
    for (int32_t i = 0; i < n;) {
        int32_t j = i;
        while (j < n && sm_str_equal(sorted[j].topic, sorted[i].topic)) j++;
        sm_wr_string_nonnull(w, sorted[i].topic);
        sm_wr_array_len(w, j - i);
        for (int32_t k = i; k < j; k++) sm_wr_i32(w, sorted[k].partition);
        i = j;
    }
    free(sorted);
    sm_wr_i64(w, v->last_update_ms);
    sm_wr_i64(w, v->start_ms);
}

int sm_txn_value_decode(const uint8_t *p, size_t len, sm_arena_t *a, sm_txn_value_t *v)
{
    sm_rd_t r;
    sm_rd_init(&r, p, len, false);
    int16_t version = sm_rd_i16(&r);
    if (r.err || version < 0 || version > 1) return -1;
    r.flexible = version >= 1;
    memset(v, 0, sizeof(*v));
    v->producer_id = sm_rd_i64(&r);
    v->producer_epoch = sm_rd_i16(&r);
    v->timeout_ms = sm_rd_i32(&r);
    v->status = sm_rd_i8(&r);
    /* each topic entry takes at least a length and an empty array */
    int32_t topics = sm_rd_count(&r, r.flexible ? 3 : 6, true);
    sm_txn_partition_t *parts = NULL;
    int32_t n = 0, cap = 0;
    for (int32_t t = 0; t < topics && !r.err; t++) {
        sm_str_t topic = sm_rd_string(&r);
        int32_t count = 0;
        int32_t *ids = sm_rd_i32_array(&r, a, &count);
        if (r.flexible) sm_rd_tags(&r);
        if (r.err || topic.len < 0) break;
        if (n + count > cap) {
            int32_t ncap = (n + count) * 2;
            sm_txn_partition_t *np = sm_arena_calloc(a, (size_t)ncap, sizeof(*np));
            if (n) memcpy(np, parts, sizeof(*np) * (size_t)n);
            parts = np;
            cap = ncap;
        }
        for (int32_t i = 0; i < count; i++) parts[n++] = (sm_txn_partition_t){topic, ids[i]};
    }
    v->partitions = parts;
    v->partition_count = n;
    v->last_update_ms = sm_rd_i64(&r);
    v->start_ms = sm_rd_i64(&r);
    if (r.flexible) sm_rd_tags(&r); /* v1's tagged fields: previous/next producer id, client version */
    return r.err ? -1 : 0;
}

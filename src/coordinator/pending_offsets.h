/*
 * Offsets committed inside a transaction (TxnOffsetCommit), held per
 * `__consumer_offsets` partition until the transaction's marker lands there:
 * a commit marker makes them the group's committed offsets, an abort marker
 * drops them. Until then OffsetFetch with require_stable answers
 * UNSTABLE_OFFSET_COMMIT for their partitions. Not thread-safe: the group
 * coordinator's shard mutex guards each set.
 */
#ifndef SM_PENDING_OFFSETS_H
#define SM_PENDING_OFFSETS_H

#include <stdbool.h>
#include <stdint.h>

#include "group_records.h"
#include "util/map.h"

typedef struct sm_pending_offset {
    int64_t producer_id;
    char *group, *topic, *metadata;
    int32_t partition;
    int64_t offset;
    int32_t leader_epoch;
    int64_t commit_timestamp;
} sm_pending_offset_t;

typedef struct sm_pending_offsets {
    sm_pending_offset_t *v;
    int n, cap;
    bool maps;      /* by_id and held initialised (a zeroed set is empty and valid) */
    sm_map_t by_id; /* producer, group, topic, partition -> index + 1 */
    sm_map_t held;  /* group, topic, partition -> how many transactions hold it */
} sm_pending_offsets_t;

void sm_pending_offsets_free(sm_pending_offsets_t *p);
/* Adds (or replaces, for the same producer, group and partition). 0 or -ENOMEM. */
int sm_pending_offsets_add(sm_pending_offsets_t *p, int64_t producer_id, sm_str_t group, sm_str_t topic,
                           int32_t partition, const sm_gr_offset_t *v);
/* Whether some transaction holds an offset of group's topic-partition. */
bool sm_pending_offsets_has(const sm_pending_offsets_t *p, sm_str_t group, sm_str_t topic, int32_t partition);
/* Removes the producer's pending offsets, calling apply for each when the
 * transaction committed. */
typedef void (*sm_pending_apply_fn)(const sm_pending_offset_t *o, void *ctx);
void sm_pending_offsets_complete(sm_pending_offsets_t *p, int64_t producer_id, bool commit, sm_pending_apply_fn apply,
                                 void *ctx);

#endif

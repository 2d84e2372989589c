/*
 * Offset index (`<base>.index`), Kafka's OffsetIndex: a sparse map from
 * offsets to byte positions in the segment's .log. No header; entries of
 * 8 bytes, big-endian:
 *
 *   off len field
 *     0   4 relative offset   batch LastOffset - segment base offset
 *     4   4 position          byte position of that batch in the .log
 *
 * One entry is added for a batch when more than log.index.interval.bytes of
 * batches were appended since the previous entry (the batch's own bytes not
 * counted), so entries are strictly increasing in both fields and the first
 * batch of a segment is never indexed. Lookup: the last entry whose offset is
 * <= the target gives a position at or before the batch holding the target;
 * scanning batch headers forward from there finds it. Kafka's
 * DumpLogSegments checks that the batch at each position has exactly the
 * entry's offset as its last offset — that is why the LastOffset is indexed.
 *
 * Validity (checked when an index is loaded, see sm_offset_index_check):
 * size a multiple of 8, both fields strictly increasing, positions inside
 * the .log. Trailing all-zero entries (a Kafka index preallocated and not
 * trimmed before a crash) are dropped. Anything else: rebuilt from the .log.
 */
#ifndef SM_OFFSET_INDEX_H
#define SM_OFFSET_INDEX_H

#include "index_array.h"

#define SM_OFFSET_INDEX_ENTRY_SIZE 8

/* Largest entry with offset <= target and position < pos_limit (entries at
 * or beyond pos_limit may belong to bytes a reader must not see yet). Returns
 * its slot and sets *off and *pos, or -1 with *off = base, *pos = 0. */
int sm_offset_index_lookup(const sm_idx_t *x, int64_t base, int64_t target, int64_t pos_limit,
                           int64_t *off, int64_t *pos);

/* Appends (offset, pos); offset - base must fit in 31 bits. 0 or -ENOMEM. */
int sm_offset_index_append(sm_idx_t *x, int64_t base, int64_t offset, int64_t pos);

/* Last entry; false if empty. */
bool sm_offset_index_last(const sm_idx_t *x, int64_t base, int64_t *off, int64_t *pos);

/* Checks n loaded entries against a .log of log_size bytes. Returns the
 * number of entries to keep (trailing zero entries dropped) or -1 with *why
 * describing the first violation. */
int sm_offset_index_check(const uint8_t *e, int n, int64_t log_size, const char **why);

#endif

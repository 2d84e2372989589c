/*
 * Time index (`<base>.timeindex`), Kafka's TimeIndex: maps timestamps to
 * offsets so ListOffsets by timestamp starts near the right batch. No
 * header; entries of 12 bytes, big-endian:
 *
 *   off len field
 *     0   8 timestamp         largest batch MaxTimestamp seen so far
 *     8   4 relative offset   LastOffset of the batch that first reached it,
 *                             minus the segment base offset
 *
 * Written together with an offset index entry (same interval rule), and
 * only if the timestamp is larger than the last entry's, so timestamps are
 * strictly increasing and offsets non-decreasing. When a segment is rolled
 * or closed, and after recovery, a last entry with the segment's largest
 * timestamp is added (as Kafka does), so the last entry of an inactive
 * segment is its maximum timestamp (used by ListOffsets MAX_TIMESTAMP and
 * time retention). Lookup: the last entry with timestamp <= target gives an
 * offset at or before the first batch whose MaxTimestamp >= target.
 *
 * Validity: size a multiple of 12, timestamps strictly increasing, offsets
 * non-decreasing and non-negative; trailing all-zero entries are dropped.
 */
#ifndef SM_TIME_INDEX_H
#define SM_TIME_INDEX_H

#include "index_array.h"

#define SM_TIME_INDEX_ENTRY_SIZE 12

/* Last entry with timestamp <= target: returns its slot and sets *ts and *off,
 * or -1 with *ts = -1, *off = base. */
int sm_time_index_lookup(const sm_idx_t *x, int64_t base, int64_t target, int64_t *ts,
                         int64_t *off);

/* Appends (ts, offset) if ts is larger than the last entry's timestamp (and
 * > -1, Kafka's "no timestamp"). Returns 1 if appended, 0 if not, -ENOMEM. */
int sm_time_index_maybe_append(sm_idx_t *x, int64_t base, int64_t ts, int64_t offset);

/* Last entry; false if empty. */
bool sm_time_index_last(const sm_idx_t *x, int64_t base, int64_t *ts, int64_t *off);

/* Like sm_offset_index_check. */
int sm_time_index_check(const uint8_t *e, int n, const char **why);

#endif

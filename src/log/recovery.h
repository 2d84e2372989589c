/*
 * Crash recovery and start-up of a log directory. See recovery.c for the
 * rules; the file layouts are in segment.h, offset_index.h, time_index.h.
 */
#ifndef SM_RECOVERY_H
#define SM_RECOVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "segment.h"

/*
 * Scans the batches of s in [start, limit) the way appends would have written
 * them: adds index entries and updates the appender state (bytes since the
 * last entry, max timestamp). Each batch is checked: header complete,
 * BatchLength sane and within limit, magic 2, BaseOffset >= the expected next
 * offset (*next_offset on entry), LastOffsetDelta >= 0, offsets fit in 31
 * bits relative to the base; with check_crc also CRC-32C (whole batches are
 * then read). Stops at the first bad batch.
 * Returns 0 with *valid_end = the position after the last good batch,
 * *next_offset = its last offset + 1 (unchanged if none), and why[0] = 0 if
 * it reached limit, else a description of the failed check. Negative errno on
 * I/O or allocation failure.
 */
int sm_segment_scan(sm_segment_t *s, int64_t start, int64_t limit, bool check_crc,
                    int64_t *next_offset, int64_t *valid_end, char *why, size_t whylen);

/*
 * Recovers one segment: rebuilds both indexes by a CRC-checking scan from
 * position 0, truncates the .log at the first invalid or torn batch (WARN
 * naming the file, position and failed check), rewrites the index files and
 * marks the segment loaded. expected_next: the lowest BaseOffset allowed for
 * the first batch. Returns the number of bytes cut (>= 0) or a negative errno.
 */
int64_t sm_segment_recover(sm_segment_t *s, int64_t expected_next);

/*
 * Opens the segments of `dir` for sm_log_open: removes leftovers, loads or
 * recovers segments, deletes segments after a truncation, creates segment 0
 * in an empty directory. On success *segs (malloc'd, ascending base offsets,
 * at least one) and *nsegs are set and the last segment is loaded; returns 0
 * or a negative errno.
 */
int sm_log_load_segments(const char *dir, const sm_log_config_t *cfg, int64_t recovery_point,
                         bool clean_shutdown, sm_segment_t ***segs, int *nsegs);

#endif

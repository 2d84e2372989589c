/*
 * Kafka's offset checkpoint files (recovery-point-offset-checkpoint,
 * log-start-offset-checkpoint, replication-offset-checkpoint,
 * cleaner-offset-checkpoint) in a log dir:
 *
 *   0                      <- version
 *   <N>                    <- number of entries
 *   <topic> <partition> <offset>   (N lines, separated by single spaces)
 *
 * Written to `<file>.tmp`, fsynced, renamed over the file and the directory
 * fsynced, so a crash leaves either the old or the new file whole.
 */
#ifndef SM_CHECKPOINT_H
#define SM_CHECKPOINT_H

#include <stdint.h>

typedef struct sm_checkpoint_entry {
    char *topic; /* malloc'd by sm_checkpoint_read */
    int32_t partition;
    int64_t offset;
} sm_checkpoint_entry_t;

/* Returns 0 (a missing file gives 0 entries), or -1 on a malformed file (logged). */
int sm_checkpoint_read(const char *path, sm_checkpoint_entry_t **entries, int *count);
void sm_checkpoint_free(sm_checkpoint_entry_t *entries, int count);
/* Returns 0 or a negative errno (-EINVAL for a topic that cannot be written:
 * empty, longer than 249 bytes, or containing whitespace). */
int sm_checkpoint_write(const char *path, const sm_checkpoint_entry_t *entries, int count);

#endif

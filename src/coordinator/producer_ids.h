/*
 * Producer id allocation (InitProducerId). Kafka hands out ids in blocks of
 * 1000 recorded in its metadata log so that no id is ever given twice; here
 * the next block's start is kept in `<dir>/producer-id-block`
 * ("version: 0\nnext_block_start: N\n"), written durably before any id of
 * a new block is handed out. A restart therefore skips the rest of the
 * current block, as Kafka does.
 */
#ifndef SM_PRODUCER_IDS_H
#define SM_PRODUCER_IDS_H

#include <stdint.h>

#define SM_PRODUCER_ID_BLOCK 1000

typedef struct sm_pid_manager sm_pid_manager_t;

/* Reads the block file of dir (absent: ids start at 0). NULL on an
 * unreadable or malformed file (logged) or out of memory. */
sm_pid_manager_t *sm_pid_manager_open(const char *dir);
void sm_pid_manager_close(sm_pid_manager_t *m);

/* The next unused producer id, or -1 if a new block cannot be persisted
 * (the caller answers COORDINATOR_NOT_AVAILABLE). Thread-safe. */
int64_t sm_pid_manager_next(sm_pid_manager_t *m);

#endif

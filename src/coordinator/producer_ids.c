#include "producer_ids.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"
#include "util/logging.h"

#define BLOCK_FILE "producer-id-block"

struct sm_pid_manager {
    pthread_mutex_t mu;
    char path[4200];
    int64_t next;      /* next id to hand out */
    int64_t block_end; /* first id not covered by the persisted block */
};

sm_pid_manager_t *sm_pid_manager_open(const char *dir)
{
    sm_pid_manager_t *m = calloc(1, sizeof(*m));
    if (!m) return NULL;
    pthread_mutex_init(&m->mu, NULL);
    snprintf(m->path, sizeof(m->path), "%s/" BLOCK_FILE, dir);
    FILE *f = fopen(m->path, "r");
    if (!f && errno != ENOENT) {
        sm_error("cannot read %s: %s", m->path, strerror(errno));
        sm_pid_manager_close(m);
        return NULL;
    }
    if (f) {
        char line[256];
        bool found = false;
        while (fgets(line, sizeof(line), f)) {
            long long v;
            if (sscanf(line, "next_block_start: %lld", &v) == 1 && v >= 0) {
                m->next = m->block_end = v;
                found = true;
            }
        }
        fclose(f);
        if (!found) {
            sm_error("%s: no next_block_start line; refusing to reuse producer ids", m->path);
            sm_pid_manager_close(m);
            return NULL;
        }
    }
    return m;
}

void sm_pid_manager_close(sm_pid_manager_t *m)
{
    if (!m) return;
    pthread_mutex_destroy(&m->mu);
    free(m);
}

int64_t sm_pid_manager_next(sm_pid_manager_t *m)
{
    pthread_mutex_lock(&m->mu);
    if (m->next >= m->block_end) {
        int64_t end = m->block_end + SM_PRODUCER_ID_BLOCK;
        char buf[96];
        int n = snprintf(buf, sizeof(buf), "version: 0\nnext_block_start: %" PRId64 "\n", end);
        int rc = sm_write_file_atomic(m->path, buf, (size_t)n, 0644);
        if (rc) {
            pthread_mutex_unlock(&m->mu);
            sm_error("cannot persist the producer id block in %s: %s", m->path, strerror(-rc));
            return -1;
        }
        m->next = m->block_end;
        m->block_end = end;
    }
    int64_t id = m->next++;
    pthread_mutex_unlock(&m->mu);
    return id;
}

/*
 * Bump allocator for per-request memory: decoded arrays and response structs
 * live here and are released all at once with sm_arena_reset()/free().
 * Allocations are zeroed. Running out of memory aborts: a request arena is
 * bounded by socket.request.max.bytes times a small factor.
 */
#ifndef SM_ARENA_H
#define SM_ARENA_H

#include <stddef.h>

typedef struct sm_arena_chunk sm_arena_chunk_t;

typedef struct sm_arena {
    sm_arena_chunk_t *head; /* current chunk; older chunks chained behind */
    size_t total;           /* bytes held in chunks, for accounting */
} sm_arena_t;

void sm_arena_init(sm_arena_t *a);
/* Zeroed, 16-byte aligned memory valid until reset/free. */
void *sm_arena_alloc(sm_arena_t *a, size_t size);
/* Allocates n elements of size sz, checking n*sz for overflow. */
void *sm_arena_calloc(sm_arena_t *a, size_t n, size_t sz);
char *sm_arena_strndup(sm_arena_t *a, const char *s, size_t len);
/* Frees all chunks but the first, which is kept for reuse. */
void sm_arena_reset(sm_arena_t *a);
void sm_arena_free(sm_arena_t *a);

#endif

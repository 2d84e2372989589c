#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_MIN_CHUNK 4096

struct sm_arena_chunk {
    sm_arena_chunk_t *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

void sm_arena_init(sm_arena_t *a)
{
    a->head = NULL;
    a->total = 0;
}

static sm_arena_chunk_t *chunk_new(size_t need)
{
    size_t size = need < ARENA_MIN_CHUNK ? ARENA_MIN_CHUNK : need;
    sm_arena_chunk_t *c = malloc(sizeof(*c) + size);
    if (!c) {
        fprintf(stderr, "samsa: out of memory (arena chunk of %zu bytes)\n", size);
        abort();
    }
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void *sm_arena_alloc(sm_arena_t *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0) size = 16;
    sm_arena_chunk_t *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = c ? c->size * 2 : ARENA_MIN_CHUNK;
        if (want < size) want = size;
        sm_arena_chunk_t *n = chunk_new(want);
        n->next = c;
        a->head = n;
        a->total += n->size;
        c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

void *sm_arena_calloc(sm_arena_t *a, size_t n, size_t sz)
{
    if (sz && n > SIZE_MAX / sz) {
        fprintf(stderr, "samsa: arena allocation overflow\n");
        abort();
    }
    return sm_arena_alloc(a, n * sz);
}

char *sm_arena_strndup(sm_arena_t *a, const char *s, size_t len)
{
    char *d = sm_arena_alloc(a, len + 1);
    if (len) memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

void sm_arena_reset(sm_arena_t *a)
{
    sm_arena_chunk_t *c = a->head;
    if (!c) return;
    /* keep the newest (largest) chunk */
    sm_arena_chunk_t *rest = c->next;
    while (rest) {
        sm_arena_chunk_t *n = rest->next;
        a->total -= rest->size;
        free(rest);
        rest = n;
    }
    c->next = NULL;
    c->used = 0;
}

void sm_arena_free(sm_arena_t *a)
{
    sm_arena_chunk_t *c = a->head;
    while (c) {
        sm_arena_chunk_t *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
    a->total = 0;
}

#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sm_buf_init(sm_buf_t *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void sm_buf_free(sm_buf_t *b)
{
    free(b->data);
    sm_buf_init(b);
}

void sm_buf_reserve(sm_buf_t *b, size_t extra)
{
    if (b->cap - b->len >= extra) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < extra) cap *= 2;
    uint8_t *d = realloc(b->data, cap);
    if (!d) {
        fprintf(stderr, "samsa: out of memory (buffer of %zu bytes)\n", cap);
        abort();
    }
    b->data = d;
    b->cap = cap;
}

void sm_buf_append(sm_buf_t *b, const void *p, size_t n)
{
    if (!n) return;
    sm_buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

uint8_t *sm_buf_extend(sm_buf_t *b, size_t n)
{
    sm_buf_reserve(b, n);
    uint8_t *p = b->data + b->len;
    b->len += n;
    return p;
}

void sm_buf_consume(sm_buf_t *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0;
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}

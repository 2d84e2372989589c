/*
 * Growable byte buffer. Owns its memory. Growth failures abort: sizes are
 * capped by callers (socket.request.max.bytes, message.max.bytes).
 */
#ifndef SM_BUF_H
#define SM_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct sm_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
} sm_buf_t;

void sm_buf_init(sm_buf_t *b);
void sm_buf_free(sm_buf_t *b);
/* Ensures room for `extra` more bytes past len. */
void sm_buf_reserve(sm_buf_t *b, size_t extra);
void sm_buf_append(sm_buf_t *b, const void *p, size_t n);
/* Appends n bytes and returns a pointer to them (uninitialised). */
uint8_t *sm_buf_extend(sm_buf_t *b, size_t n);
/* Drops the first n bytes. */
void sm_buf_consume(sm_buf_t *b, size_t n);

#endif

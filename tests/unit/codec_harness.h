/*
 * The harness shared by the codec unit tests (test_codecs_*.c): string and
 * bytes comparisons with readable failures, a per-test arena, and the
 * round-trip / exact-bytes / every-prefix-rejected checks over a codec_t
 * made with CODEC(T). Functions are static inline so each test program
 * compiles only what it uses. Include after <cmocka.h>.
 */
#ifndef SM_CODEC_HARNESS_H
#define SM_CODEC_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/wire.h"
#include "util/arena.h"

static inline void check_str(sm_str_t exp, sm_str_t got, const char *what, int line)
{
    if (sm_str_equal(exp, got)) return;
    print_error("line %d: %s: expected %s'%.*s' (len %d), got %s'%.*s' (len %d)\n", line, what,
                exp.len < 0 ? "null " : "", exp.len < 0 ? 0 : exp.len, exp.ptr ? exp.ptr : "",
                exp.len, got.len < 0 ? "null " : "", got.len < 0 ? 0 : got.len,
                got.ptr ? got.ptr : "", got.len);
    fail();
}

static inline void check_bytes(sm_bytes_t exp, sm_bytes_t got, const char *what, int line)
{
    if (exp.len == got.len && (exp.len <= 0 || memcmp(exp.ptr, got.ptr, (size_t)exp.len) == 0))
        return;
    print_error("line %d: %s: bytes differ (expected len %d, got len %d)\n", line, what, exp.len,
                got.len);
    fail();
}
#define EQ_STR(e, g) check_str((e), (g), #g, __LINE__)
#define EQ_BYTES(e, g) check_bytes((e), (g), #g, __LINE__)
#define EQ_INT(e, g) assert_int_equal((e), (g))

static sm_arena_t arena;
static bool quiet; /* expected decode failures: do not print them */

static inline int setup(void **state)
{
    (void)state;
    sm_arena_init(&arena);
    return 0;
}

static inline int teardown(void **state)
{
    (void)state;
    sm_arena_free(&arena);
    return 0;
}

#define NEW(T, n) ((T *)sm_arena_calloc(&arena, (size_t)(n), sizeof(T)))

/* A codec under test, with typed functions wrapped so no function pointer
 * is called through an incompatible type. */
typedef struct codec {
    const char *name;
    size_t size;
    int (*decode)(sm_rd_t *r, sm_arena_t *a, int16_t v, void *m);
    void (*encode)(sm_wr_t *w, int16_t v, const void *m);
    void (*cmp)(const void *exp, const void *got, int16_t v);
} codec_t;

#define CODEC(T)                                                                                   \
    static void T##_cmp(const T *e, const T *g, int16_t v);                                        \
    static int T##_dec_w(sm_rd_t *r, sm_arena_t *a, int16_t v, void *m)                            \
    {                                                                                              \
        return T##_decode(r, a, v, m);                                                             \
    }                                                                                              \
    static void T##_enc_w(sm_wr_t *w, int16_t v, const void *m)                                    \
    {                                                                                              \
        T##_encode(w, v, m);                                                                       \
    }                                                                                              \
    static void T##_cmp_w(const void *e, const void *g, int16_t v)                                 \
    {                                                                                              \
        T##_cmp(e, g, v);                                                                          \
    }                                                                                              \
    static const codec_t T##_codec = {#T, sizeof(T), T##_dec_w, T##_enc_w, T##_cmp_w};

/* Decodes `len` bytes copied into a buffer of exactly that size, so ASan
 * catches any read past the end. Reports the reader error and the bytes
 * left unread. The decoded views point into the copy: it is handed to the
 * caller through `keep` (to free) when that is not NULL, else freed. */
static inline int decode_exact(const codec_t *c, int16_t v, const uint8_t *data, size_t len, void *out,
                        int *err, size_t *left, uint8_t **keep)
{
    uint8_t *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len) memcpy(copy, data, len);
    sm_rd_t r;
    sm_rd_init(&r, copy, len, false);
    int rc = c->decode(&r, &arena, v, out);
    if (rc != 0 && !quiet)
        print_error("%s v%d: decode of %zu bytes failed (err %d at %s:%d, offset %zu)\n", c->name,
                    v, len, r.err, r.err_func ? r.err_func : "?", r.err_line, sm_rd_offset(&r));
    *err = r.err;
    *left = sm_rd_remaining(&r);
    if (keep)
        *keep = copy;
    else
        free(copy);
    return rc;
}

/* Encode, decode, compare, re-encode, and reject every strict prefix.
 * Returns the encoding length. */
static inline size_t roundtrip(const codec_t *c, int16_t v, const void *msg)
{
    sm_wr_t w1, w2;
    sm_wr_init(&w1, false);
    c->encode(&w1, v, msg);

    void *out = malloc(c->size);
    assert_non_null(out);
    memset(out, 0xa5, c->size); /* decoders must set every field */
    int err;
    size_t left;
    uint8_t *in;
    int rc = decode_exact(c, v, w1.buf.data, w1.buf.len, out, &err, &left, &in);
    assert_int_equal(rc, 0);
    assert_int_equal(err, 0);
    assert_int_equal(left, 0); /* every byte consumed */
    c->cmp(msg, out, v);

    sm_wr_init(&w2, false);
    c->encode(&w2, v, out);
    assert_int_equal(w1.buf.len, w2.buf.len);
    assert_memory_equal(w1.buf.data, w2.buf.data, w1.buf.len);

    /* Every strict prefix must be rejected (the failure messages printed by
     * decode_exact are expected here, so they are silenced by `quiet`). */
    quiet = true;
    for (size_t len = 0; len < w1.buf.len; len++) {
        memset(out, 0, c->size);
        rc = decode_exact(c, v, w1.buf.data, len, out, &err, &left, NULL);
        if (rc != -1 || err == 0) {
            quiet = false;
            print_error("%s v%d: prefix of %zu/%zu bytes accepted\n", c->name, v, len, w1.buf.len);
        }
        assert_int_equal(rc, -1);
        assert_int_not_equal(err, 0);
    }
    quiet = false;
    size_t n = w1.buf.len;
    free(in);
    free(out);
    sm_wr_free(&w1);
    sm_wr_free(&w2);
    sm_arena_reset(&arena);
    return n;
}

static inline void expect_bytes(const codec_t *c, int16_t v, const void *msg, const uint8_t *exp, size_t n)
{
    sm_wr_t w;
    sm_wr_init(&w, false);
    c->encode(&w, v, msg);
    /* An empty encoding may leave the buffer unallocated (NULL). */
    if (w.buf.len != n || (n > 0 && memcmp(w.buf.data, exp, n) != 0)) {
        print_error("%s v%d: encoding differs from the hand-made vector:\n  got ", c->name, v);
        for (size_t i = 0; i < w.buf.len; i++)
            print_error("%02x ", w.buf.data[i]);
        print_error("\n  exp ");
        for (size_t i = 0; i < n; i++)
            print_error("%02x ", exp[i]);
        print_error("\n");
    }
    assert_int_equal(w.buf.len, n);
    if (n > 0) assert_memory_equal(w.buf.data, exp, n);
    sm_wr_free(&w);
}

/* Decodes bytes into *out (arena memory stays valid until the next reset);
 * a successful decode must consume every byte. */
static inline int decode_bytes(const codec_t *c, int16_t v, const uint8_t *data, size_t len, void *out)
{
    sm_rd_t r;
    sm_rd_init(&r, data, len, false);
    int rc = c->decode(&r, &arena, v, out);
    if (rc == 0) assert_int_equal(sm_rd_remaining(&r), 0);
    if (rc != 0) assert_int_not_equal(r.err, 0);
    return rc;
}

#endif

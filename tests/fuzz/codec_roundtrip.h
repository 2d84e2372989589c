/*
 * The round trip shared by the API codec fuzz targets (fuzz_*_apis.c).
 *
 * Input: byte 0 picks the API from the target's table, bytes 1-2
 * (big-endian) the version, folded into the API's supported range (widened
 * by one on each side when the target asks, so that the refusal of
 * unsupported versions is exercised too); the rest is a message body decoded
 * both as a request and as a response. Whatever decodes is re-encoded, the
 * encoding decoded again (it must be accepted and consumed entirely) and
 * re-encoded: both encodings must be identical (decoding is lossless apart
 * from unknown tags and non-canonical varints, which the first re-encoding
 * already normalises). A decode that fails must say why (the reader's error).
 * Crashes, sanitizer reports and aborts are findings.
 */
#ifndef SAMSA_FUZZ_CODEC_ROUNDTRIP_H
#define SAMSA_FUZZ_CODEC_ROUNDTRIP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/wire.h"
#include "util/arena.h"

typedef struct msg_codec {
    int (*decode)(sm_rd_t *r, sm_arena_t *a, int16_t v, void *m);
    void (*encode)(sm_wr_t *w, int16_t v, const void *m);
    size_t size;
} msg_codec_t;

/* Typed wrappers, so no function is called through an incompatible pointer. */
#define WRAP(T)                                                                                    \
    static int T##_dec(sm_rd_t *r, sm_arena_t *a, int16_t v, void *m)                              \
    {                                                                                              \
        return T##_decode(r, a, v, m);                                                             \
    }                                                                                              \
    static void T##_enc(sm_wr_t *w, int16_t v, const void *m)                                      \
    {                                                                                              \
        T##_encode(w, v, m);                                                                       \
    }

#define CODEC(T)                                                                                   \
    {                                                                                              \
        T##_dec, T##_enc, sizeof(T)                                                                \
    }

typedef struct {
    int16_t min, max; /* the versions we support */
    msg_codec_t req, resp;
} fuzz_api_t;

static void roundtrip_check(const msg_codec_t *c, int16_t v, bool supported, const uint8_t *data, size_t size)
{
    sm_arena_t arena;
    sm_arena_init(&arena);
    _Alignas(16) unsigned char m1[256], m2[256];
    if (c->size > sizeof(m1)) abort();
    memset(m1, 0, sizeof(m1));

    sm_rd_t r;
    sm_rd_init(&r, data, size, false);
    if (c->decode(&r, &arena, v, m1) == 0) {
        if (!supported || r.err || r.p > r.end) abort();
        sm_wr_t w1, w2;
        sm_wr_init(&w1, false);
        c->encode(&w1, v, m1);
        if (w1.nsplices != 0) abort(); /* decoded records are always in memory */
        sm_rd_init(&r, w1.buf.data, w1.buf.len, false);
        memset(m2, 0, sizeof(m2));
        if (c->decode(&r, &arena, v, m2) != 0 || sm_rd_remaining(&r) != 0) abort();
        sm_wr_init(&w2, false);
        c->encode(&w2, v, m2);
        if (w1.buf.len != w2.buf.len || (w1.buf.len > 0 && memcmp(w1.buf.data, w2.buf.data, w1.buf.len) != 0))
            abort();
        sm_wr_free(&w1);
        sm_wr_free(&w2);
    } else if (!r.err) {
        abort(); /* a failure must say why */
    }
    sm_arena_free(&arena);
}

/* One fuzz input against a table of napis APIs. */
static int roundtrip_apis(const fuzz_api_t *apis, int napis, bool outside_versions, const uint8_t *data,
                          size_t size)
{
    if (size < 3) return 0;
    const fuzz_api_t *api = &apis[data[0] % napis];
    uint16_t raw = (uint16_t)((data[1] << 8) | data[2]);
    int16_t lo = api->min, hi = api->max, v;
    if (outside_versions) v = (int16_t)(lo - 1 + raw % (hi - lo + 3));
    else v = (int16_t)(lo + raw % (hi - lo + 1));
    bool supported = v >= lo && v <= hi;
    roundtrip_check(&api->req, v, supported, data + 3, size - 3);
    roundtrip_check(&api->resp, v, supported, data + 3, size - 3);
    return 0;
}

#endif

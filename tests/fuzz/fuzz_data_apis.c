/*
 * libFuzzer target for the data-path codecs: Produce, Fetch, ListOffsets,
 * Metadata.
 *
 * Input: byte 0 picks the API, bytes 1-2 (big-endian) the version, folded
 * into the API's supported range widened by one on each side (so the
 * refusal of unsupported versions is exercised too); the rest is a message
 * body decoded both as a request and as a response. Whatever decodes is
 * re-encoded, the encoding decoded again (it must be accepted and consumed
 * entirely) and re-encoded: both encodings must be identical (decoding is
 * lossless apart from unknown tags and non-canonical varints, which the
 * first re-encoding already normalises). Crashes, sanitizer reports and
 * aborts are findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/fetch.h"
#include "protocol/list_offsets.h"
#include "protocol/metadata.h"
#include "protocol/produce.h"
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

WRAP(sm_ProduceRequest)
WRAP(sm_ProduceResponse)
WRAP(sm_FetchRequest)
WRAP(sm_FetchResponse)
WRAP(sm_ListOffsetsRequest)
WRAP(sm_ListOffsetsResponse)
WRAP(sm_MetadataRequest)
WRAP(sm_MetadataResponse)

#define CODEC(T)                                                                                   \
    {                                                                                              \
        T##_dec, T##_enc, sizeof(T)                                                                \
    }

static const struct {
    int16_t min, max;
    msg_codec_t req, resp;
} apis[] = {
    {0, 11, CODEC(sm_ProduceRequest), CODEC(sm_ProduceResponse)},
    {4, 17, CODEC(sm_FetchRequest), CODEC(sm_FetchResponse)},
    {1, 10, CODEC(sm_ListOffsetsRequest), CODEC(sm_ListOffsetsResponse)},
    {0, 12, CODEC(sm_MetadataRequest), CODEC(sm_MetadataResponse)},
};

static void check(const msg_codec_t *c, int16_t v, bool supported, const uint8_t *data, size_t size)
{
    sm_arena_t arena;
    sm_arena_init(&arena);
    _Alignas(16) unsigned char m1[256], m2[256];
    if (c->size > sizeof(m1)) abort();

    sm_rd_t r;
    sm_rd_init(&r, data, size, false);
    if (c->decode(&r, &arena, v, m1) == 0) {
        if (!supported || r.err || r.p > r.end) abort();
        sm_wr_t w1, w2;
        sm_wr_init(&w1, false);
        c->encode(&w1, v, m1);
        if (w1.nsplices != 0) abort(); /* decoded records are always in memory */
        sm_rd_init(&r, w1.buf.data, w1.buf.len, false);
        if (c->decode(&r, &arena, v, m2) != 0 || sm_rd_remaining(&r) != 0) abort();
        sm_wr_init(&w2, false);
        c->encode(&w2, v, m2);
        if (w1.buf.len != w2.buf.len || memcmp(w1.buf.data, w2.buf.data, w1.buf.len) != 0) abort();
        sm_wr_free(&w1);
        sm_wr_free(&w2);
    } else if (!r.err) {
        abort(); /* a failure must say why */
    }
    sm_arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    const int napis = (int)(sizeof(apis) / sizeof(apis[0]));
    int which = data[0] % napis;
    uint16_t raw = (uint16_t)((data[1] << 8) | data[2]);
    int16_t lo = apis[which].min, hi = apis[which].max;
    int16_t v = (int16_t)(lo - 1 + raw % (hi - lo + 3));
    bool supported = v >= lo && v <= hi;
    check(&apis[which].req, v, supported, data + 3, size - 3);
    check(&apis[which].resp, v, supported, data + 3, size - 3);
    return 0;
}

/*
 * libFuzzer target for the config and log-admin API codecs: DeleteRecords,
 * AlterConfigs, IncrementalAlterConfigs, DescribeLogDirs.
 *
 * Input: byte 0 picks the API, bytes 1-2 (big-endian) the version (folded
 * into the API's supported range), the rest is a message body decoded both
 * as a request and as a response. Whatever decodes is re-encoded, decoded
 * again and re-encoded: the two encodings must be identical (decoding is
 * lossless apart from unknown tags and non-canonical varints, which the
 * first re-encoding already normalises). Crashes, sanitizer reports and
 * aborts are findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/alter_configs.h"
#include "protocol/delete_records.h"
#include "protocol/describe_log_dirs.h"
#include "protocol/incremental_alter_configs.h"
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

WRAP(sm_DeleteRecordsRequest)
WRAP(sm_DeleteRecordsResponse)
WRAP(sm_AlterConfigsRequest)
WRAP(sm_AlterConfigsResponse)
WRAP(sm_IncrementalAlterConfigsRequest)
WRAP(sm_IncrementalAlterConfigsResponse)
WRAP(sm_DescribeLogDirsRequest)
WRAP(sm_DescribeLogDirsResponse)

#define CODEC(T)                                                                                   \
    {                                                                                              \
        T##_dec, T##_enc, sizeof(T)                                                                \
    }

static const struct {
    int16_t min, max;
    msg_codec_t req, resp;
} apis[] = {
    {0, 2, CODEC(sm_DeleteRecordsRequest), CODEC(sm_DeleteRecordsResponse)},
    {0, 2, CODEC(sm_AlterConfigsRequest), CODEC(sm_AlterConfigsResponse)},
    {0, 1, CODEC(sm_IncrementalAlterConfigsRequest), CODEC(sm_IncrementalAlterConfigsResponse)},
    {0, 4, CODEC(sm_DescribeLogDirsRequest), CODEC(sm_DescribeLogDirsResponse)},
};

static void check(const msg_codec_t *c, int16_t v, const uint8_t *data, size_t size)
{
    sm_arena_t arena;
    sm_arena_init(&arena);
    _Alignas(16) unsigned char m1[256], m2[256];
    if (c->size > sizeof(m1)) abort();
    memset(m1, 0, sizeof(m1));

    sm_rd_t r;
    sm_rd_init(&r, data, size, false);
    if (c->decode(&r, &arena, v, m1) == 0) {
        if (r.err || r.p > r.end) abort();
        sm_wr_t w1, w2;
        sm_wr_init(&w1, false);
        c->encode(&w1, v, m1);
        /* decode what we wrote: it must be accepted, entirely */
        sm_rd_init(&r, w1.buf.data, w1.buf.len, false);
        memset(m2, 0, sizeof(m2));
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
    int16_t v = (int16_t)(apis[which].min + raw % (apis[which].max - apis[which].min + 1));
    check(&apis[which].req, v, data + 3, size - 3);
    check(&apis[which].resp, v, data + 3, size - 3);
    return 0;
}

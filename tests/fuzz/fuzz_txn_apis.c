/*
 * libFuzzer target for the idempotence / transaction API codecs:
 * InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn,
 * WriteTxnMarkers, TxnOffsetCommit, DescribeProducers, DescribeTransactions,
 * ListTransactions.
 *
 * Input: byte 0 picks the API, bytes 1-2 (big-endian) the version (folded
 * into the API's supported range), the rest is a message body decoded both
 * as a request and as a response. Whatever decodes is re-encoded, decoded
 * again and re-encoded: the two encodings must be identical (decoding is
 * lossless apart from unknown tags, non-canonical varints and bools other
 * than 0/1, which the first re-encoding already normalises). Crashes,
 * sanitizer reports and aborts are findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/add_offsets_to_txn.h"
#include "protocol/add_partitions_to_txn.h"
#include "protocol/describe_producers.h"
#include "protocol/describe_transactions.h"
#include "protocol/end_txn.h"
#include "protocol/init_producer_id.h"
#include "protocol/list_transactions.h"
#include "protocol/txn_offset_commit.h"
#include "protocol/write_txn_markers.h"
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

WRAP(sm_InitProducerIdRequest)
WRAP(sm_InitProducerIdResponse)
WRAP(sm_AddPartitionsToTxnRequest)
WRAP(sm_AddPartitionsToTxnResponse)
WRAP(sm_AddOffsetsToTxnRequest)
WRAP(sm_AddOffsetsToTxnResponse)
WRAP(sm_EndTxnRequest)
WRAP(sm_EndTxnResponse)
WRAP(sm_WriteTxnMarkersRequest)
WRAP(sm_WriteTxnMarkersResponse)
WRAP(sm_TxnOffsetCommitRequest)
WRAP(sm_TxnOffsetCommitResponse)
WRAP(sm_DescribeProducersRequest)
WRAP(sm_DescribeProducersResponse)
WRAP(sm_DescribeTransactionsRequest)
WRAP(sm_DescribeTransactionsResponse)
WRAP(sm_ListTransactionsRequest)
WRAP(sm_ListTransactionsResponse)

#define CODEC(T)                                                                                   \
    {                                                                                              \
        T##_dec, T##_enc, sizeof(T)                                                                \
    }

static const struct {
    int16_t min, max;
    msg_codec_t req, resp;
} apis[] = {
    {0, 5, CODEC(sm_InitProducerIdRequest), CODEC(sm_InitProducerIdResponse)},
    {0, 5, CODEC(sm_AddPartitionsToTxnRequest), CODEC(sm_AddPartitionsToTxnResponse)},
    {0, 4, CODEC(sm_AddOffsetsToTxnRequest), CODEC(sm_AddOffsetsToTxnResponse)},
    {0, 5, CODEC(sm_EndTxnRequest), CODEC(sm_EndTxnResponse)},
    {0, 1, CODEC(sm_WriteTxnMarkersRequest), CODEC(sm_WriteTxnMarkersResponse)},
    {0, 4, CODEC(sm_TxnOffsetCommitRequest), CODEC(sm_TxnOffsetCommitResponse)},
    {0, 0, CODEC(sm_DescribeProducersRequest), CODEC(sm_DescribeProducersResponse)},
    {0, 0, CODEC(sm_DescribeTransactionsRequest), CODEC(sm_DescribeTransactionsResponse)},
    {0, 1, CODEC(sm_ListTransactionsRequest), CODEC(sm_ListTransactionsResponse)},
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
        if (w1.buf.len != w2.buf.len ||
            (w1.buf.len > 0 && memcmp(w1.buf.data, w2.buf.data, w1.buf.len) != 0))
            abort();
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

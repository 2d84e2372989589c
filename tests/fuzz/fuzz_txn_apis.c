/*
 * libFuzzer target for the idempotence / transaction API codecs:
 * InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn,
 * WriteTxnMarkers, TxnOffsetCommit, DescribeProducers, DescribeTransactions,
 * ListTransactions.
 *
 * The input format and the checks: codec_roundtrip.h.
 */
#include "protocol/add_offsets_to_txn.h"
#include "protocol/add_partitions_to_txn.h"
#include "protocol/describe_producers.h"
#include "protocol/describe_transactions.h"
#include "protocol/end_txn.h"
#include "protocol/init_producer_id.h"
#include "protocol/list_transactions.h"
#include "protocol/txn_offset_commit.h"
#include "protocol/write_txn_markers.h"

#include "codec_roundtrip.h"

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

static const fuzz_api_t apis[] = {
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return roundtrip_apis(apis, (int)(sizeof(apis) / sizeof(apis[0])), false, data, size);
}

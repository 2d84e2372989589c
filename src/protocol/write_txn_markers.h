/*
 * WriteTxnMarkers (key 27), versions 0-1, flexible from 1.
 *
 * Request:  Markers [WritableTxnMarker:
 *             ProducerId int64, ProducerEpoch int16,
 *             TransactionResult bool (false = ABORT, true = COMMIT),
 *             Topics [WritableTxnMarkerTopic:
 *               Name string, PartitionIndexes [int32]],
 *             CoordinatorEpoch int32]
 * Response: Markers [WritableTxnMarkerResult:
 *             ProducerId int64,
 *             Topics [WritableTxnMarkerTopicResult:
 *               Name string,
 *               Partitions [WritableTxnMarkerPartitionResult:
 *                 PartitionIndex int32, ErrorCode int16]]]
 *
 * Sent by the transaction coordinator to partition leaders; the response
 * has no ThrottleTimeMs. Note CoordinatorEpoch comes after Topics.
 *
 * In the flexible version (1) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. No field is nullable:
 * null arrays and strings are rejected on decode; encoders write a null view
 * of a string as "" and a negative array count as 0.
 */
#ifndef SM_WRITE_TXN_MARKERS_H
#define SM_WRITE_TXN_MARKERS_H

#include <stdbool.h>

#include "util/arena.h"
#include "wire.h"

typedef struct sm_WritableTxnMarkerTopic {
    sm_str_t Name;
    int32_t PartitionIndexes_count;
    int32_t *PartitionIndexes;
} sm_WritableTxnMarkerTopic;

typedef struct sm_WritableTxnMarker {
    int64_t ProducerId;
    int16_t ProducerEpoch;
    bool TransactionResult;
    int32_t Topics_count;
    sm_WritableTxnMarkerTopic *Topics;
    int32_t CoordinatorEpoch;
} sm_WritableTxnMarker;

typedef struct sm_WriteTxnMarkersRequest {
    int32_t Markers_count;
    sm_WritableTxnMarker *Markers;
} sm_WriteTxnMarkersRequest;

typedef struct sm_WritableTxnMarkerPartitionResult {
    int32_t PartitionIndex;
    int16_t ErrorCode;
} sm_WritableTxnMarkerPartitionResult;

typedef struct sm_WritableTxnMarkerTopicResult {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_WritableTxnMarkerPartitionResult *Partitions;
} sm_WritableTxnMarkerTopicResult;

typedef struct sm_WritableTxnMarkerResult {
    int64_t ProducerId;
    int32_t Topics_count;
    sm_WritableTxnMarkerTopicResult *Topics;
} sm_WritableTxnMarkerResult;

typedef struct sm_WriteTxnMarkersResponse {
    int32_t Markers_count;
    sm_WritableTxnMarkerResult *Markers;
} sm_WriteTxnMarkersResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_WriteTxnMarkersRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_WriteTxnMarkersRequest *m);
void sm_WriteTxnMarkersRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_WriteTxnMarkersRequest *m);
int sm_WriteTxnMarkersResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_WriteTxnMarkersResponse *m);
void sm_WriteTxnMarkersResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_WriteTxnMarkersResponse *m);

#endif

/*
 * DeleteRecords (key 21), versions 0-2, flexible from 2.
 *
 * Request:  Topics [DeleteRecordsTopic:
 *             Name string,
 *             Partitions [DeleteRecordsPartition:
 *               PartitionIndex int32, Offset int64]],
 *           TimeoutMs int32
 * Response: ThrottleTimeMs int32,
 *           Topics [DeleteRecordsTopicResult:
 *             Name string,
 *             Partitions [DeleteRecordsPartitionResult:
 *               PartitionIndex int32, LowWatermark int64, ErrorCode int16]]
 *
 * Offset is the new log start offset; -1 means "the high watermark" (delete
 * everything committed). v1 is v0 on the wire (v1 only changed throttling).
 *
 * In the flexible version (2) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. Null arrays and null
 * strings are rejected; encoders write a null string view as "" and a
 * negative array count as 0.
 */
#ifndef SM_DELETE_RECORDS_H
#define SM_DELETE_RECORDS_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_DeleteRecordsPartition {
    int32_t PartitionIndex;
    int64_t Offset;
} sm_DeleteRecordsPartition;

typedef struct sm_DeleteRecordsTopic {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_DeleteRecordsPartition *Partitions;
} sm_DeleteRecordsTopic;

typedef struct sm_DeleteRecordsRequest {
    int32_t Topics_count;
    sm_DeleteRecordsTopic *Topics;
    int32_t TimeoutMs;
} sm_DeleteRecordsRequest;

typedef struct sm_DeleteRecordsPartitionResult {
    int32_t PartitionIndex;
    int64_t LowWatermark;
    int16_t ErrorCode;
} sm_DeleteRecordsPartitionResult;

typedef struct sm_DeleteRecordsTopicResult {
    sm_str_t Name;
    int32_t Partitions_count;
    sm_DeleteRecordsPartitionResult *Partitions;
} sm_DeleteRecordsTopicResult;

typedef struct sm_DeleteRecordsResponse {
    int32_t ThrottleTimeMs;
    int32_t Topics_count;
    sm_DeleteRecordsTopicResult *Topics;
} sm_DeleteRecordsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_DeleteRecordsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_DeleteRecordsRequest *m);
void sm_DeleteRecordsRequest_encode(sm_wr_t *w, int16_t version, const sm_DeleteRecordsRequest *m);
int sm_DeleteRecordsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                    sm_DeleteRecordsResponse *m);
void sm_DeleteRecordsResponse_encode(sm_wr_t *w, int16_t version,
                                     const sm_DeleteRecordsResponse *m);

#endif

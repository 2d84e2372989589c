/*
 * Heartbeat (key 12), versions 0-4, flexible from 4.
 *
 * Request:  GroupId string, GenerationId int32, MemberId string,
 *           v3+: GroupInstanceId nullable string (default null)
 * Response: v1+: ThrottleTimeMs int32,
 *           ErrorCode int16
 * Version 4 uses the compact strings and ends each message with a
 * tagged-field section (no known tags: skipped on decode, written empty).
 * Versions 1-2 of the request and 2-3 of the response change semantics
 * only. A rebalance in progress is reported as REBALANCE_IN_PROGRESS (27).
 */
#ifndef SM_HEARTBEAT_H
#define SM_HEARTBEAT_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_HeartbeatRequest {
    sm_str_t GroupId;
    int32_t GenerationId;
    sm_str_t MemberId;
    sm_str_t GroupInstanceId; /* v3+, nullable */
} sm_HeartbeatRequest;

typedef struct sm_HeartbeatResponse {
    int32_t ThrottleTimeMs; /* v1+ */
    int16_t ErrorCode;
} sm_HeartbeatResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer (nothing is allocated from `a`). */
int sm_HeartbeatRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version, sm_HeartbeatRequest *m);
void sm_HeartbeatRequest_encode(sm_wr_t *w, int16_t version, const sm_HeartbeatRequest *m);
int sm_HeartbeatResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                sm_HeartbeatResponse *m);
void sm_HeartbeatResponse_encode(sm_wr_t *w, int16_t version, const sm_HeartbeatResponse *m);

#endif

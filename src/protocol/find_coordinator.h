/*
 * FindCoordinator (key 10), versions 0-6, flexible from 3.
 *
 * Request:  v0-3: Key string,
 *           v1+:  KeyType int8 (default 0; 0 = group, 1 = transaction,
 *                 2 = share group from v6),
 *           v4+:  CoordinatorKeys [string]
 * Response: v1+:  ThrottleTimeMs int32,
 *           v0-3: ErrorCode int16,
 *           v1-3: ErrorMessage nullable string,
 *           v0-3: NodeId int32, Host string, Port int32,
 *           v4+:  Coordinators [Coordinator:
 *                   Key string, NodeId int32, Host string, Port int32,
 *                   ErrorCode int16, ErrorMessage nullable string]
 * In flexible versions strings and arrays use the compact forms and every
 * struct ends with a tagged-field section (no known tags: skipped on decode,
 * written empty). Versions 2 (request and response) and 5-6 only change
 * what the broker may answer (error codes, key types), not the layout.
 *
 * v0-3 ask for one key and get one coordinator; v4+ batch them (KIP-699).
 * The codec keeps the wire shape of each version (Key or CoordinatorKeys,
 * the flat fields or Coordinators); the handler decides. Fields absent in a
 * version decode to the schema default: Key "" (v4+), KeyType 0 (v0),
 * CoordinatorKeys/Coordinators empty (v0-3), ThrottleTimeMs 0 (v0),
 * ErrorCode 0, NodeId 0, Host "", Port 0 (v4+), and ErrorMessage "" (v0 and
 * v4+: the schema gives no default, and Kafka's default for a string without
 * one is "", not null).
 */
#ifndef SM_FIND_COORDINATOR_H
#define SM_FIND_COORDINATOR_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_FindCoordinatorRequest {
    sm_str_t Key;                  /* v0-3 */
    int8_t KeyType;                /* v1+ */
    int32_t CoordinatorKeys_count; /* v4+ */
    sm_str_t *CoordinatorKeys;
} sm_FindCoordinatorRequest;

typedef struct sm_Coordinator {
    sm_str_t Key;
    int32_t NodeId;
    sm_str_t Host;
    int32_t Port;
    int16_t ErrorCode;
    sm_str_t ErrorMessage; /* nullable */
} sm_Coordinator;

typedef struct sm_FindCoordinatorResponse {
    int32_t ThrottleTimeMs;     /* v1+ */
    int16_t ErrorCode;          /* v0-3 */
    sm_str_t ErrorMessage;      /* v1-3, nullable */
    int32_t NodeId;             /* v0-3 */
    sm_str_t Host;              /* v0-3 */
    int32_t Port;               /* v0-3 */
    int32_t Coordinators_count; /* v4+ */
    sm_Coordinator *Coordinators;
} sm_FindCoordinatorResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_FindCoordinatorRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                     sm_FindCoordinatorRequest *m);
void sm_FindCoordinatorRequest_encode(sm_wr_t *w, int16_t version,
                                      const sm_FindCoordinatorRequest *m);
int sm_FindCoordinatorResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                      sm_FindCoordinatorResponse *m);
void sm_FindCoordinatorResponse_encode(sm_wr_t *w, int16_t version,
                                       const sm_FindCoordinatorResponse *m);

#endif

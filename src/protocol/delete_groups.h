/*
 * DeleteGroups (key 42), versions 0-2, flexible from 2.
 *
 * Request:  GroupsNames [string]
 * Response: ThrottleTimeMs int32,
 *           Results [DeletableGroupResult: GroupId string, ErrorCode int16]
 *
 * "GroupsNames" is Kafka's spelling. v1 is v0 on the wire (v1 only changed
 * the throttling behaviour).
 *
 * In the flexible version (2) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. Null arrays and null
 * strings are rejected; encoders write a null string view as "" and a
 * negative array count as 0.
 */
#ifndef SM_DELETE_GROUPS_H
#define SM_DELETE_GROUPS_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_DeleteGroupsRequest {
    int32_t GroupsNames_count;
    sm_str_t *GroupsNames;
} sm_DeleteGroupsRequest;

typedef struct sm_DeletableGroupResult {
    sm_str_t GroupId;
    int16_t ErrorCode;
} sm_DeletableGroupResult;

typedef struct sm_DeleteGroupsResponse {
    int32_t ThrottleTimeMs;
    int32_t Results_count;
    sm_DeletableGroupResult *Results;
} sm_DeleteGroupsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_DeleteGroupsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                  sm_DeleteGroupsRequest *m);
void sm_DeleteGroupsRequest_encode(sm_wr_t *w, int16_t version, const sm_DeleteGroupsRequest *m);
int sm_DeleteGroupsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                   sm_DeleteGroupsResponse *m);
void sm_DeleteGroupsResponse_encode(sm_wr_t *w, int16_t version, const sm_DeleteGroupsResponse *m);

#endif

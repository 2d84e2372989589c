/*
 * ListGroups (key 16), versions 0-5, flexible from 3.
 *
 * Request:  v4+: StatesFilter [string] (default empty: every state),
 *           v5+: TypesFilter [string] (default empty: every type)
 *           (v0-2 have an empty body; v3 only its tagged-field section)
 * Response: v1+: ThrottleTimeMs int32,
 *           ErrorCode int16,
 *           Groups [ListedGroup:
 *             GroupId string, ProtocolType string,
 *             v4+: GroupState string (default ""),
 *             v5+: GroupType string (default "")]
 *
 * Filter values are Kafka's group state and type names ("Stable",
 * "Empty", ...; "classic", "consumer"); the codec does not interpret them.
 * ProtocolType is "" for a group without one (e.g. offsets only).
 *
 * In flexible versions (3+) strings and arrays use the compact forms and
 * every struct ends with a tagged-field section; this API has no known tags,
 * so tags are skipped on decode and written empty. Fields absent in a version
 * decode to the schema default. Null arrays and null strings are rejected;
 * encoders write a null string view as "" and a negative array count as 0.
 */
#ifndef SM_LIST_GROUPS_H
#define SM_LIST_GROUPS_H

#include "util/arena.h"
#include "wire.h"

typedef struct sm_ListGroupsRequest {
    int32_t StatesFilter_count; /* v4+ */
    sm_str_t *StatesFilter;
    int32_t TypesFilter_count; /* v5+ */
    sm_str_t *TypesFilter;
} sm_ListGroupsRequest;

typedef struct sm_ListedGroup {
    sm_str_t GroupId;
    sm_str_t ProtocolType;
    sm_str_t GroupState; /* v4+, default "" */
    sm_str_t GroupType;  /* v5+, default "" */
} sm_ListedGroup;

typedef struct sm_ListGroupsResponse {
    int32_t ThrottleTimeMs; /* v1+ */
    int16_t ErrorCode;
    int32_t Groups_count;
    sm_ListedGroup *Groups;
} sm_ListGroupsResponse;

/* Decoders return 0, or -1 with r->err set; decoded strings point into the
 * reader's buffer, arrays are allocated from `a`. */
int sm_ListGroupsRequest_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                sm_ListGroupsRequest *m);
void sm_ListGroupsRequest_encode(sm_wr_t *w, int16_t version, const sm_ListGroupsRequest *m);
int sm_ListGroupsResponse_decode(sm_rd_t *r, sm_arena_t *a, int16_t version,
                                 sm_ListGroupsResponse *m);
void sm_ListGroupsResponse_encode(sm_wr_t *w, int16_t version, const sm_ListGroupsResponse *m);

#endif

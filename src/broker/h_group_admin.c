/* Group admin APIs: DescribeGroups, ListGroups, DeleteGroups. */
#include <string.h>

#include "handlers.h"
#include "protocol/delete_groups.h"
#include "protocol/describe_groups.h"
#include "protocol/errors.h"
#include "protocol/list_groups.h"

/* Kafka's AclOperation bits on a group without an authorizer: READ, DELETE, DESCRIBE. */
#define SM_GROUP_ALL_OPS ((1 << 3) | (1 << 6) | (1 << 8))

int sm_handle_describe_groups(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_DescribeGroupsRequest rq;
    if (sm_DescribeGroupsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad DescribeGroups body");
        return SM_H_CLOSE;
    }
    sm_DescribeGroupsResponse rs = {0};
    rs.Groups_count = rq.Groups_count;
    rs.Groups = sm_arena_calloc(req->arena, (size_t)rq.Groups_count + 1, sizeof(*rs.Groups));
    for (int32_t i = 0; i < rq.Groups_count; i++) {
        sm_DescribedGroup *g = &rs.Groups[i];
        sm_gc_group_desc_t d;
        sm_gc_describe(sm_broker_groups(req->broker, true), rq.Groups[i], req->arena, &d);
        g->ErrorCode = d.error;
        g->GroupId = rq.Groups[i];
        g->GroupState = d.state;
        g->ProtocolType = d.protocol_type;
        g->ProtocolData = d.protocol;
        g->AuthorizedOperations = rq.IncludeAuthorizedOperations ? SM_GROUP_ALL_OPS : INT32_MIN;
        g->Members_count = d.member_count;
        g->Members = sm_arena_calloc(req->arena, (size_t)d.member_count + 1, sizeof(*g->Members));
        for (int32_t k = 0; k < d.member_count; k++) {
            g->Members[k].MemberId = d.members[k].member_id;
            g->Members[k].GroupInstanceId = d.members[k].instance_id;
            g->Members[k].ClientId = d.members[k].client_id;
            g->Members[k].ClientHost = d.members[k].client_host;
            g->Members[k].MemberMetadata = d.members[k].metadata;
            g->Members[k].MemberAssignment = d.members[k].assignment;
        }
    }
    sm_DescribeGroupsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

/* Filters are trimmed and matched case-insensitively, as Kafka's ListGroups does. */
static bool listed(const sm_str_t *filter, int32_t n, sm_str_t value)
{
    if (n <= 0) return true;
    for (int32_t i = 0; i < n; i++) {
        const char *p = filter[i].ptr;
        int32_t len = filter[i].len;
        while (len > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
        }
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == value.len && strncasecmp(p, value.ptr, (size_t)len) == 0) return true;
    }
    return false;
}

int sm_handle_list_groups(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_ListGroupsRequest rq;
    if (sm_ListGroupsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad ListGroups body");
        return SM_H_CLOSE;
    }
    int32_t n = 0;
    sm_gc_listing_t *ls = NULL;
    sm_ListGroupsResponse rs = {0};
    /* listing does not create __consumer_offsets: without it there are no groups */
    sm_gc_t *gc = sm_broker_groups(req->broker, false);
    if (gc) rs.ErrorCode = sm_gc_list(gc, req->arena, &n, &ls);
    rs.Groups = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*rs.Groups));
    /* every group here is a classic group (KIP-848 "consumer" groups are not served) */
    sm_str_t type = sm_str("classic");
    for (int32_t i = 0; i < n; i++) {
        if (v >= 4 && !listed(rq.StatesFilter, rq.StatesFilter_count, ls[i].state)) continue;
        if (v >= 5 && !listed(rq.TypesFilter, rq.TypesFilter_count, type)) continue;
        sm_ListedGroup *g = &rs.Groups[rs.Groups_count++];
        g->GroupId = ls[i].group_id;
        g->ProtocolType = ls[i].protocol_type;
        g->GroupState = ls[i].state;
        g->GroupType = type;
    }
    sm_ListGroupsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

int sm_handle_delete_groups(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_DeleteGroupsRequest rq;
    if (sm_DeleteGroupsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad DeleteGroups body");
        return SM_H_CLOSE;
    }
    sm_DeleteGroupsResponse rs = {0};
    rs.Results_count = rq.GroupsNames_count;
    rs.Results = sm_arena_calloc(req->arena, (size_t)rq.GroupsNames_count + 1, sizeof(*rs.Results));
    for (int32_t i = 0; i < rq.GroupsNames_count; i++) {
        rs.Results[i].GroupId = rq.GroupsNames[i];
        rs.Results[i].ErrorCode = sm_gc_delete_group(sm_broker_groups(req->broker, true), rq.GroupsNames[i]);
    }
    sm_DeleteGroupsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

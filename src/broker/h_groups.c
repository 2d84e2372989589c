/*
 * Group membership APIs: FindCoordinator, JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup. The state lives in the group coordinator (src/coordinator);
 * these handlers translate between the wire structs and its calls, and park
 * a JoinGroup or SyncGroup that has to wait for the rebalance.
 */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "protocol/errors.h"
#include "protocol/find_coordinator.h"
#include "protocol/heartbeat.h"
#include "protocol/join_group.h"
#include "protocol/leave_group.h"
#include "protocol/sync_group.h"
#include "util/clock.h"

#define KEY_TYPE_GROUP 0
#define KEY_TYPE_TRANSACTION 1

/* A waiting JoinGroup/SyncGroup is answered at the latest this long after
 * its rebalance timeout (the coordinator completes the rebalance by then). */
#define PARK_SLACK_MS 5000

static void find_one(sm_req_t *req, int8_t key_type, sm_Coordinator *c)
{
    sm_config_t *cfg = req->broker->cfg;
    c->ErrorMessage = SM_STR_NULL;
    /* the first client of each kind creates __consumer_offsets or
     * __transaction_state, as in Kafka */
    bool available = (key_type == KEY_TYPE_GROUP && sm_broker_groups(req->broker, true)) ||
                     (key_type == KEY_TYPE_TRANSACTION && sm_broker_txn_coordinator(req->broker, true));
    if (available) {
        c->NodeId = cfg->node_id;
        c->Host = sm_str(cfg->advertised.host);
        c->Port = cfg->advertised.port;
        return;
    }
    c->NodeId = -1;
    c->Host = SM_STR_EMPTY;
    c->Port = -1;
    if (key_type == KEY_TYPE_TRANSACTION) {
        c->ErrorCode = SM_ERR_COORDINATOR_NOT_AVAILABLE;
        c->ErrorMessage = sm_str("The transaction coordinator could not start (see the broker's log).");
    } else {
        c->ErrorCode = SM_ERR_INVALID_REQUEST;
        c->ErrorMessage = sm_str("Unknown coordinator key type.");
    }
}

int sm_handle_find_coordinator(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_FindCoordinatorRequest rq;
    if (sm_FindCoordinatorRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad FindCoordinator body");
        return SM_H_CLOSE;
    }
    sm_FindCoordinatorResponse rs = {0};
    if (v >= 4) {
        rs.Coordinators_count = rq.CoordinatorKeys_count;
        rs.Coordinators = sm_arena_calloc(req->arena, (size_t)rq.CoordinatorKeys_count + 1, sizeof(*rs.Coordinators));
        for (int32_t i = 0; i < rq.CoordinatorKeys_count; i++) {
            rs.Coordinators[i].Key = rq.CoordinatorKeys[i];
            find_one(req, rq.KeyType, &rs.Coordinators[i]);
        }
    } else {
        sm_Coordinator c = {0};
        find_one(req, v >= 1 ? rq.KeyType : KEY_TYPE_GROUP, &c);
        rs.ErrorCode = c.ErrorCode;
        rs.ErrorMessage = c.ErrorMessage;
        rs.NodeId = c.NodeId;
        rs.Host = c.Host;
        rs.Port = c.Port;
    }
    sm_FindCoordinatorResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

/* Kafka reports a member's host as "/<address>". */
static sm_str_t client_host(sm_req_t *req)
{
    const char *peer = req->peer ? req->peer : "";
    const char *colon = strrchr(peer, ':');
    size_t n = colon ? (size_t)(colon - peer) : strlen(peer);
    char *s = sm_arena_alloc(req->arena, n + 2);
    s[0] = '/';
    memcpy(s + 1, peer, n);
    s[n + 1] = 0;
    return (sm_str_t){s, (int32_t)(n + 1)};
}

static void encode_join(sm_req_t *req, int16_t v, const sm_gc_join_result_t *r)
{
    sm_JoinGroupResponse rs = {0};
    rs.ErrorCode = r->error;
    rs.GenerationId = r->generation;
    rs.ProtocolType = r->protocol_type;
    /* before v7 the protocol name is not nullable */
    rs.ProtocolName = v < 7 && r->protocol_name.len < 0 ? SM_STR_EMPTY : r->protocol_name;
    rs.Leader = r->leader.len < 0 ? SM_STR_EMPTY : r->leader;
    rs.MemberId = r->member_id.len < 0 ? SM_STR_EMPTY : r->member_id;
    rs.Members_count = r->member_count;
    if (r->skip_assignment) {
        if (v >= 9) {
            rs.SkipAssignment = true;
        } else { /* an old leader would reassign: it is told it follows */
            rs.Leader = r->previous_leader;
            rs.Members_count = 0;
        }
    }
    rs.Members = sm_arena_calloc(req->arena, (size_t)r->member_count + 1, sizeof(*rs.Members));
    for (int32_t i = 0; i < rs.Members_count; i++) {
        rs.Members[i].MemberId = r->members[i].member_id;
        rs.Members[i].GroupInstanceId = r->members[i].instance_id;
        rs.Members[i].Metadata = r->members[i].metadata;
    }
    sm_JoinGroupResponse_encode(req->resp, v, &rs);
}

int sm_handle_join_group(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_JoinGroupRequest rq;
    if (sm_JoinGroupRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad JoinGroup body");
        return SM_H_CLOSE;
    }
    sm_gc_t *gc = sm_broker_groups(req->broker, true);
    sm_gc_join_result_t res;
    int rc;
    if (req->park_token) {
        rc = sm_gc_join_poll(gc, rq.GroupId, req->park_token, req->final, req->arena, &res);
    } else {
        sm_str_t *names = sm_arena_calloc(req->arena, (size_t)rq.Protocols_count + 1, sizeof(*names));
        sm_bytes_t *metas = sm_arena_calloc(req->arena, (size_t)rq.Protocols_count + 1, sizeof(*metas));
        for (int32_t i = 0; i < rq.Protocols_count; i++) {
            names[i] = rq.Protocols[i].Name;
            metas[i] = rq.Protocols[i].Metadata;
        }
        sm_gc_join_t j = {.group_id = rq.GroupId, .member_id = rq.MemberId,
                          .instance_id = v >= 5 ? rq.GroupInstanceId : SM_STR_NULL,
                          .protocol_type = rq.ProtocolType, .client_id = req->hdr.ClientId,
                          .client_host = client_host(req), .session_timeout_ms = rq.SessionTimeoutMs,
                          .rebalance_timeout_ms = v >= 1 ? rq.RebalanceTimeoutMs : -1,
                          .protocol_count = rq.Protocols_count, .protocol_names = names,
                          .protocol_metadata = metas, .require_known_member_id = v >= 4};
        uint64_t token = sm_gc_new_token(gc);
        rc = sm_gc_join(gc, &j, token, req->arena, &res);
        if (rc == SM_GC_WAIT) {
            int32_t timeout = v >= 1 && rq.RebalanceTimeoutMs > 0 ? rq.RebalanceTimeoutMs : rq.SessionTimeoutMs;
            req->park_token = token;
            req->park_until_ms = sm_mono_ms() + (timeout > 0 ? timeout : 0) + PARK_SLACK_MS;
        }
    }
    if (rc == SM_GC_WAIT) return SM_H_PARK;
    encode_join(req, v, &res);
    return SM_H_RESPOND;
}

int sm_handle_sync_group(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_SyncGroupRequest rq;
    if (sm_SyncGroupRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad SyncGroup body");
        return SM_H_CLOSE;
    }
    sm_str_t *members = sm_arena_calloc(req->arena, (size_t)rq.Assignments_count + 1, sizeof(*members));
    sm_bytes_t *assignments = sm_arena_calloc(req->arena, (size_t)rq.Assignments_count + 1, sizeof(*assignments));
    for (int32_t i = 0; i < rq.Assignments_count; i++) {
        members[i] = rq.Assignments[i].MemberId;
        assignments[i] = rq.Assignments[i].Assignment;
    }
    sm_gc_sync_t s = {.group_id = rq.GroupId, .member_id = rq.MemberId,
                      .instance_id = v >= 3 ? rq.GroupInstanceId : SM_STR_NULL,
                      .protocol_type = v >= 5 ? rq.ProtocolType : SM_STR_NULL,
                      .protocol_name = v >= 5 ? rq.ProtocolName : SM_STR_NULL,
                      .generation = rq.GenerationId, .assignment_count = rq.Assignments_count,
                      .assignment_members = members, .assignments = assignments};
    sm_gc_sync_result_t res;
    if (sm_gc_sync_group(sm_broker_groups(req->broker, true), &s, req->final, req->arena, &res) == SM_GC_WAIT) {
        /* a follower waits for the leader's assignment; the coordinator gives up on
         * the leader after the rebalance timeout, so this deadline is only a backstop */
        req->park_until_ms = sm_mono_ms() + 300000;
        return SM_H_PARK;
    }
    sm_SyncGroupResponse rs = {0};
    rs.ErrorCode = res.error;
    rs.ProtocolType = res.protocol_type;
    rs.ProtocolName = res.protocol_name;
    rs.Assignment = res.assignment;
    sm_SyncGroupResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

int sm_handle_heartbeat(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_HeartbeatRequest rq;
    if (sm_HeartbeatRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad Heartbeat body");
        return SM_H_CLOSE;
    }
    sm_HeartbeatResponse rs = {0};
    rs.ErrorCode = sm_gc_heartbeat(sm_broker_groups(req->broker, true), rq.GroupId, rq.MemberId,
                                   v >= 3 ? rq.GroupInstanceId : SM_STR_NULL, rq.GenerationId);
    sm_HeartbeatResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

int sm_handle_leave_group(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_LeaveGroupRequest rq;
    if (sm_LeaveGroupRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad LeaveGroup body");
        return SM_H_CLOSE;
    }
    int32_t n = v >= 3 ? rq.Members_count : 1;
    sm_str_t *ids = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*ids));
    sm_str_t *instances = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*instances));
    int16_t *errors = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*errors));
    for (int32_t i = 0; i < n; i++) {
        ids[i] = v >= 3 ? rq.Members[i].MemberId : rq.MemberId;
        instances[i] = v >= 3 ? rq.Members[i].GroupInstanceId : SM_STR_NULL;
    }
    sm_LeaveGroupResponse rs = {0};
    rs.ErrorCode = sm_gc_leave(sm_broker_groups(req->broker, true), rq.GroupId, n, ids, instances, errors);
    if (v < 3) {
        if (!rs.ErrorCode) rs.ErrorCode = errors[0];
    } else if (!rs.ErrorCode) {
        rs.Members_count = n;
        rs.Members = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*rs.Members));
        for (int32_t i = 0; i < n; i++) {
            rs.Members[i].MemberId = ids[i];
            rs.Members[i].GroupInstanceId = instances[i];
            rs.Members[i].ErrorCode = errors[i];
        }
    }
    sm_LeaveGroupResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

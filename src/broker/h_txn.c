/*
 * The transactional producer's calls to its coordinator: AddPartitionsToTxn
 * (v0-3 from clients, v4+ the batched form brokers send), AddOffsetsToTxn
 * and EndTxn, the group coordinator's TxnOffsetCommit, and the admin calls
 * DescribeTransactions and ListTransactions (kafka-transactions.sh). The state machine
 * is in coordinator/txn_coordinator.c, the pending offsets in
 * coordinator/pending_offsets.c.
 */
#include <string.h>

#include "handlers.h"
#include "protocol/add_offsets_to_txn.h"
#include "protocol/add_partitions_to_txn.h"
#include "protocol/end_txn.h"
#include "protocol/describe_transactions.h"
#include "protocol/errors.h"
#include "protocol/list_transactions.h"
#include "protocol/txn_offset_commit.h"
#include "util/clock.h"

/* One transaction's topics: the partitions flattened for the coordinator,
 * the results put back per topic. Returns the transaction-level error. */
static int16_t add_one(sm_req_t *req, sm_tc_t *tc, const sm_AddPartitionsToTxnTransaction *in, int16_t v,
                       int32_t *topics_count, sm_AddPartitionsToTxnTopicResult **topics)
{
    int32_t n = 0;
    for (int32_t i = 0; i < in->Topics_count; i++) n += in->Topics[i].Partitions_count > 0 ? in->Topics[i].Partitions_count : 0;
    sm_txn_partition_t *parts = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*parts));
    int16_t *errors = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*errors));
    int32_t k = 0;
    for (int32_t i = 0; i < in->Topics_count; i++)
        for (int32_t j = 0; j < in->Topics[i].Partitions_count; j++)
            parts[k++] = (sm_txn_partition_t){in->Topics[i].Name, in->Topics[i].Partitions[j]};
    int16_t err = tc ? sm_tc_add_partitions(tc, in->TransactionalId, in->ProducerId, in->ProducerEpoch, n, parts,
                                            in->VerifyOnly, v, errors)
                     : SM_ERR_COORDINATOR_NOT_AVAILABLE;
    if (!tc)
        for (int32_t i = 0; i < n; i++) errors[i] = err;
    *topics_count = in->Topics_count < 0 ? 0 : in->Topics_count;
    *topics = sm_arena_calloc(req->arena, (size_t)*topics_count + 1, sizeof(**topics));
    k = 0;
    for (int32_t i = 0; i < *topics_count; i++) {
        sm_AddPartitionsToTxnTopicResult *t = &(*topics)[i];
        t->Name = in->Topics[i].Name;
        t->ResultsByPartition_count = in->Topics[i].Partitions_count < 0 ? 0 : in->Topics[i].Partitions_count;
        t->ResultsByPartition = sm_arena_calloc(req->arena, (size_t)t->ResultsByPartition_count + 1,
                                                sizeof(*t->ResultsByPartition));
        for (int32_t j = 0; j < t->ResultsByPartition_count; j++, k++)
            t->ResultsByPartition[j] = (sm_AddPartitionsToTxnPartitionResult){in->Topics[i].Partitions[j], errors[k]};
    }
    return err;
}

int sm_handle_add_partitions_to_txn(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_AddPartitionsToTxnRequest rq;
    if (sm_AddPartitionsToTxnRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad AddPartitionsToTxn body");
        return SM_H_CLOSE;
    }
    sm_tc_t *tc = sm_broker_txn_coordinator(req->broker, false);
    sm_AddPartitionsToTxnResponse rs = {0};
    if (v <= 3) { /* the client form: one transaction (the decoder mirrors it into Transactions) */
        add_one(req, tc, &rq.Transactions[0], v, &rs.ResultsByTopicV3AndBelow_count, &rs.ResultsByTopicV3AndBelow);
    } else {
        rs.ResultsByTransaction_count = rq.Transactions_count < 0 ? 0 : rq.Transactions_count;
        rs.ResultsByTransaction = sm_arena_calloc(req->arena, (size_t)rs.ResultsByTransaction_count + 1,
                                                  sizeof(*rs.ResultsByTransaction));
        for (int32_t i = 0; i < rs.ResultsByTransaction_count; i++) {
            sm_AddPartitionsToTxnResult *r = &rs.ResultsByTransaction[i];
            r->TransactionalId = rq.Transactions[i].TransactionalId;
            add_one(req, tc, &rq.Transactions[i], v, &r->TopicResults_count, &r->TopicResults);
        }
    }
    sm_AddPartitionsToTxnResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

int sm_handle_add_offsets_to_txn(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_AddOffsetsToTxnRequest rq;
    if (sm_AddOffsetsToTxnRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad AddOffsetsToTxn body");
        return SM_H_CLOSE;
    }
    sm_AddOffsetsToTxnResponse rs = {0};
    sm_tc_t *tc = sm_broker_txn_coordinator(req->broker, false);
    sm_gc_t *gc = sm_broker_groups(req->broker, true);
    if (!tc || !gc) {
        rs.ErrorCode = SM_ERR_COORDINATOR_NOT_AVAILABLE;
    } else {
        /* the group's __consumer_offsets partition joins the transaction (the
         * topic's own partition count: an existing topic keeps its own) */
        sm_txn_partition_t part = {sm_str("__consumer_offsets"),
                                   sm_gc_partition_for(sm_gc_partition_count(gc), rq.GroupId)};
        int16_t perr = 0;
        rs.ErrorCode = sm_tc_add_partitions(tc, rq.TransactionalId, rq.ProducerId, rq.ProducerEpoch, 1, &part, false,
                                            v, &perr);
        if (!rs.ErrorCode) rs.ErrorCode = perr;
    }
    sm_AddOffsetsToTxnResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

int sm_handle_end_txn(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_EndTxnRequest rq;
    if (sm_EndTxnRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad EndTxn body");
        return SM_H_CLOSE;
    }
    sm_EndTxnResponse rs = {.ProducerId = -1, .ProducerEpoch = -1};
    sm_tc_t *tc = sm_broker_txn_coordinator(req->broker, false);
    rs.ErrorCode = tc ? sm_tc_end_txn(tc, rq.TransactionalId, rq.ProducerId, rq.ProducerEpoch, rq.Committed, v)
                      : SM_ERR_COORDINATOR_NOT_AVAILABLE;
    if (!rs.ErrorCode) { /* v5 (transactions v2) reports the epoch to use next: unchanged here */
        rs.ProducerId = rq.ProducerId;
        rs.ProducerEpoch = rq.ProducerEpoch;
    }
    sm_EndTxnResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

int sm_handle_txn_offset_commit(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_TxnOffsetCommitRequest rq;
    if (sm_TxnOffsetCommitRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad TxnOffsetCommit body");
        return SM_H_CLOSE;
    }
    int32_t n = 0;
    for (int32_t t = 0; t < rq.Topics_count; t++) n += rq.Topics[t].Partitions_count > 0 ? rq.Topics[t].Partitions_count : 0;
    sm_gc_offset_t *offs = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*offs));
    int32_t k = 0;
    sm_topics_rdlock(req->broker->topics);
    for (int32_t t = 0; t < rq.Topics_count; t++) {
        sm_topic_t *tp = sm_topics_find(req->broker->topics, rq.Topics[t].Name);
        for (int32_t i = 0; i < rq.Topics[t].Partitions_count; i++, k++) {
            const sm_TxnOffsetCommitRequestPartition *p = &rq.Topics[t].Partitions[i];
            offs[k] = (sm_gc_offset_t){rq.Topics[t].Name, p->PartitionIndex, p->CommittedOffset,
                                       p->CommittedLeaderEpoch, p->CommittedMetadata, 0};
            if (!sm_topics_partition(tp, p->PartitionIndex)) offs[k].error = SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        }
    }
    sm_topics_unlock(req->broker->topics);
    sm_gc_commit_t c = {.group_id = rq.GroupId, .member_id = rq.MemberId, .instance_id = rq.GroupInstanceId,
                        .generation = rq.GenerationId, .retention_ms = -1};
    int16_t err = sm_gc_txn_commit_offsets(sm_broker_groups(req->broker, true), &c, rq.ProducerId, rq.ProducerEpoch, n, offs);
    if (err == SM_ERR_PRODUCER_FENCED && v < 2) err = SM_ERR_INVALID_PRODUCER_EPOCH; /* before KIP-588 */
    sm_TxnOffsetCommitResponse rs = {0};
    rs.Topics_count = rq.Topics_count < 0 ? 0 : rq.Topics_count;
    rs.Topics = sm_arena_calloc(req->arena, (size_t)rs.Topics_count + 1, sizeof(*rs.Topics));
    k = 0;
    for (int32_t t = 0; t < rs.Topics_count; t++) {
        sm_TxnOffsetCommitResponseTopic *ot = &rs.Topics[t];
        ot->Name = rq.Topics[t].Name;
        ot->Partitions_count = rq.Topics[t].Partitions_count < 0 ? 0 : rq.Topics[t].Partitions_count;
        ot->Partitions = sm_arena_calloc(req->arena, (size_t)ot->Partitions_count + 1, sizeof(*ot->Partitions));
        for (int32_t i = 0; i < ot->Partitions_count; i++, k++) {
            int16_t e = err ? err : offs[k].error;
            if (e == SM_ERR_PRODUCER_FENCED && v < 2) e = SM_ERR_INVALID_PRODUCER_EPOCH;
            ot->Partitions[i] = (sm_TxnOffsetCommitResponsePartition){offs[k].partition, e};
        }
    }
    sm_TxnOffsetCommitResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

/* A transaction's partitions grouped by topic, in the order first seen. */
static void topics_of(sm_req_t *req, const sm_tc_txn_desc_t *d, sm_DescribeTransactionsTransactionState *out)
{
    out->Topics = sm_arena_calloc(req->arena, (size_t)d->partition_count + 1, sizeof(*out->Topics));
    for (int32_t i = 0; i < d->partition_count; i++) {
        sm_DescribeTransactionsTopicData *t = NULL;
        for (int32_t k = 0; k < out->Topics_count && !t; k++)
            if (sm_str_equal(out->Topics[k].Topic, d->partitions[i].topic)) t = &out->Topics[k];
        if (!t) {
            t = &out->Topics[out->Topics_count++];
            t->Topic = d->partitions[i].topic;
            t->Partitions = sm_arena_calloc(req->arena, (size_t)d->partition_count + 1, sizeof(*t->Partitions));
        }
        t->Partitions[t->Partitions_count++] = d->partitions[i].partition;
    }
}

int sm_handle_describe_transactions(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_DescribeTransactionsRequest rq;
    if (sm_DescribeTransactionsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad DescribeTransactions body");
        return SM_H_CLOSE;
    }
    sm_tc_t *tc = sm_broker_txn_coordinator(req->broker, false); /* none yet: no transactional id exists */
    sm_DescribeTransactionsResponse rs = {0};
    rs.TransactionStates_count = rq.TransactionalIds_count < 0 ? 0 : rq.TransactionalIds_count;
    rs.TransactionStates = sm_arena_calloc(req->arena, (size_t)rs.TransactionStates_count + 1,
                                           sizeof(*rs.TransactionStates));
    for (int32_t i = 0; i < rs.TransactionStates_count; i++) {
        sm_DescribeTransactionsTransactionState *o = &rs.TransactionStates[i];
        o->TransactionalId = rq.TransactionalIds[i];
        o->TransactionState = SM_STR_EMPTY;
        o->TransactionStartTimeMs = o->ProducerId = -1;
        o->ProducerEpoch = -1;
        sm_tc_txn_desc_t d;
        o->ErrorCode = tc ? sm_tc_describe(tc, rq.TransactionalIds[i], req->arena, &d)
                          : SM_ERR_TRANSACTIONAL_ID_NOT_FOUND;
        if (o->ErrorCode) continue;
        o->TransactionState = sm_str(sm_txn_status_name(d.state));
        o->TransactionTimeoutMs = d.timeout_ms;
        o->TransactionStartTimeMs = d.start_ms;
        o->ProducerId = d.producer_id;
        o->ProducerEpoch = d.producer_epoch;
        topics_of(req, &d, o);
    }
    sm_DescribeTransactionsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

static bool state_known(sm_str_t name)
{
    for (int8_t s = 0; s <= SM_TXN_PREPARE_EPOCH_FENCE; s++)
        if (sm_str_eq(name, sm_txn_status_name(s))) return true;
    return false;
}

int sm_handle_list_transactions(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_ListTransactionsRequest rq;
    if (sm_ListTransactionsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad ListTransactions body");
        return SM_H_CLOSE;
    }
    sm_ListTransactionsResponse rs = {0};
    rs.UnknownStateFilters = sm_arena_calloc(req->arena, (size_t)(rq.StateFilters_count > 0 ? rq.StateFilters_count : 0) + 1,
                                             sizeof(*rs.UnknownStateFilters));
    for (int32_t i = 0; i < rq.StateFilters_count; i++)
        if (!state_known(rq.StateFilters[i])) rs.UnknownStateFilters[rs.UnknownStateFilters_count++] = rq.StateFilters[i];
    sm_tc_t *tc = sm_broker_txn_coordinator(req->broker, false);
    sm_tc_txn_desc_t *all = NULL;
    int32_t n = tc ? sm_tc_list(tc, req->arena, &all) : 0;
    rs.TransactionStates = sm_arena_calloc(req->arena, (size_t)n + 1, sizeof(*rs.TransactionStates));
    int64_t now = sm_now_ms();
    for (int32_t i = 0; i < n; i++) {
        const sm_tc_txn_desc_t *d = &all[i];
        const char *state = sm_txn_status_name(d->state);
        bool ok = rq.StateFilters_count <= 0;
        for (int32_t k = 0; k < rq.StateFilters_count && !ok; k++) ok = sm_str_eq(rq.StateFilters[k], state);
        if (ok && rq.ProducerIdFilters_count > 0) {
            ok = false;
            for (int32_t k = 0; k < rq.ProducerIdFilters_count && !ok; k++) ok = rq.ProducerIdFilters[k] == d->producer_id;
        }
        /* v1: only transactions running for longer than the filter */
        if (ok && rq.DurationFilter >= 0) ok = d->start_ms >= 0 && now - d->start_ms > rq.DurationFilter;
        if (ok)
            rs.TransactionStates[rs.TransactionStates_count++] =
                (sm_ListTransactionsTransactionState){d->transactional_id, d->producer_id, sm_str(state)};
    }
    sm_ListTransactionsResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

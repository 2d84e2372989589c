/*
 * InitProducerId and DescribeProducers.
 *
 * InitProducerId. Without a transactional id (an idempotent producer) Kafka
 * blindly hands out a new producer id with epoch 0, whatever id and epoch a
 * v3+ request carries (KIP-360: a producer that lost its state starts
 * afresh). With a transactional id the transaction coordinator answers
 * (txn_coordinator.h: a new id, or the epoch bumped and a zombie fenced).
 */
#include <string.h>

#include "handlers.h"
#include "log/producer_state.h"
#include "protocol/describe_producers.h"
#include "protocol/errors.h"
#include "protocol/init_producer_id.h"
#include "util/logging.h"

int sm_handle_init_producer_id(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_InitProducerIdRequest rq;
    if (sm_InitProducerIdRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad InitProducerId body");
        return SM_H_CLOSE;
    }
    sm_InitProducerIdResponse rs = {.ProducerId = -1, .ProducerEpoch = -1};
    if ((rq.ProducerId == -1) != (rq.ProducerEpoch == -1)) {
        rs.ErrorCode = SM_ERR_INVALID_REQUEST; /* Kafka: an id and an epoch, or neither */
    } else if (rq.TransactionalId.len >= 0) {
        sm_tc_t *tc = sm_broker_txn_coordinator(req->broker, true);
        rs.ErrorCode = !tc ? SM_ERR_COORDINATOR_NOT_AVAILABLE
                       : rq.TransactionalId.len == 0
                           ? SM_ERR_INVALID_REQUEST /* Kafka: an empty transactional id is invalid */
                           : sm_tc_init_producer_id(tc, rq.TransactionalId, rq.TransactionTimeoutMs, rq.ProducerId,
                                                    rq.ProducerEpoch, v, &rs.ProducerId, &rs.ProducerEpoch);
    } else {
        int64_t id = sm_pid_manager_next(req->broker->pids);
        if (id < 0) {
            rs.ErrorCode = SM_ERR_COORDINATOR_NOT_AVAILABLE;
        } else {
            rs.ProducerId = id;
            rs.ProducerEpoch = 0;
            sm_debug("InitProducerId from %s: producer id %lld", req->peer, (long long)id);
        }
    }
    sm_InitProducerIdResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

/* DescribeProducers: the idempotent/transactional producers each partition
 * knows (its producer state), as kafka-transactions.sh describe-producers
 * shows them. */
typedef struct producers_ctx {
    sm_arena_t *a;
    sm_DescribeProducersProducerState *v;
    int32_t n, cap;
} producers_ctx_t;

static void add_producer(const sm_producer_entry_t *e, void *opaque)
{
    producers_ctx_t *c = opaque;
    if (c->n == c->cap) {
        int32_t cap = c->cap ? c->cap * 2 : 16;
        sm_DescribeProducersProducerState *v = sm_arena_calloc(c->a, (size_t)cap, sizeof(*v));
        if (c->n) memcpy(v, c->v, sizeof(*v) * (size_t)c->n);
        c->v = v;
        c->cap = cap;
    }
    const sm_producer_batch_t *last = e->nbatches ? &e->batches[e->nbatches - 1] : NULL;
    c->v[c->n++] = (sm_DescribeProducersProducerState){
        .ProducerId = e->producer_id,
        .ProducerEpoch = e->epoch,
        .LastSequence = last ? last->last_seq : -1,
        .LastTimestamp = last ? last->timestamp : -1,
        .CoordinatorEpoch = e->coordinator_epoch,
        .CurrentTxnStartOffset = e->txn_first_offset,
    };
}

int sm_handle_describe_producers(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_DescribeProducersRequest rq;
    if (sm_DescribeProducersRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad DescribeProducers body");
        return SM_H_CLOSE;
    }
    sm_DescribeProducersResponse rs = {0};
    rs.Topics_count = rq.Topics_count < 0 ? 0 : rq.Topics_count;
    rs.Topics = sm_arena_calloc(req->arena, (size_t)rs.Topics_count + 1, sizeof(*rs.Topics));
    sm_topics_rdlock(req->broker->topics);
    for (int32_t i = 0; i < rs.Topics_count; i++) {
        const sm_DescribeProducersTopicRequest *t = &rq.Topics[i];
        sm_DescribeProducersTopicResponse *ot = &rs.Topics[i];
        ot->Name = t->Name;
        ot->Partitions_count = t->PartitionIndexes_count < 0 ? 0 : t->PartitionIndexes_count;
        ot->Partitions = sm_arena_calloc(req->arena, (size_t)ot->Partitions_count + 1, sizeof(*ot->Partitions));
        sm_topic_t *tp = sm_topics_find(req->broker->topics, t->Name);
        for (int32_t j = 0; j < ot->Partitions_count; j++) {
            sm_DescribeProducersPartitionResponse *op = &ot->Partitions[j];
            op->PartitionIndex = t->PartitionIndexes[j];
            op->ErrorMessage = SM_STR_NULL;
            sm_partition_t *p = sm_topics_partition(tp, op->PartitionIndex);
            if (!p) {
                op->ErrorCode = SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
                continue;
            }
            producers_ctx_t c = {req->arena, NULL, 0, 0};
            sm_log_producers_foreach(p->log, add_producer, &c);
            op->ActiveProducers = c.v;
            op->ActiveProducers_count = c.n;
        }
    }
    sm_topics_unlock(req->broker->topics);
    sm_DescribeProducersResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

/*
 * Produce: validate each partition's batches in place (sizes, magic, CRC,
 * record count — no per-record copies) and append them to the partition log,
 * which stamps base offsets into the request buffer and writes it as is.
 *
 * Idempotent producers' batches are checked against their producer's state by
 * the log (sm_log_append): a retried batch is answered with its original
 * offsets and not written twice.
 *
 * Single node: the leader is the whole ISR, so acks=1 and acks=-1 are both
 * satisfied once the local append returns. acks=0 sends no response; as in
 * Kafka, an error on an acks=0 request closes the connection so the client
 * notices.
 */
#include <string.h>

#include "handlers.h"
#include "protocol/errors.h"
#include "protocol/produce.h"
#include "protocol/records.h"
#include "util/logging.h"

static void produce_one(sm_req_t *req, sm_topic_t *tp, const sm_PartitionProduceData *in,
                        sm_PartitionProduceResponse *out, bool *appended)
{
    out->BaseOffset = -1;
    out->LogAppendTimeMs = -1;
    out->LogStartOffset = -1;
    out->CurrentLeader = (sm_ProduceLeaderIdAndEpoch){-1, -1};
    sm_partition_t *p = sm_topics_partition(tp, in->Index);
    if (!p) {
        out->ErrorCode = SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        return;
    }
    out->LogStartOffset = sm_log_start_offset(p->log);
    if (tp->internal && (!strcmp(tp->name, "__consumer_offsets") || !strcmp(tp->name, "__transaction_state"))) {
        /* only the coordinators write these topics, as in Kafka */
        out->ErrorCode = SM_ERR_INVALID_TOPIC_EXCEPTION;
        out->ErrorMessage = sm_str("Cannot append to internal topic.");
        return;
    }
    if (in->Records.len <= 0) {
        out->ErrorCode = SM_ERR_INVALID_RECORD;
        out->ErrorMessage = sm_str("The produce request has no record batches.");
        return;
    }
    if (in->Records.len > tp->segment_bytes) {
        out->ErrorCode = SM_ERR_RECORD_LIST_TOO_LARGE;
        out->ErrorMessage = sm_str("The record batches are larger than the topic's segment.bytes.");
        return;
    }
    sm_records_summary_t sum;
    int err = sm_records_validate(in->Records.ptr, (size_t)in->Records.len, &sum);
    if (err) {
        out->ErrorCode = (int16_t)err;
        sm_debug("produce to %s-%d from %s rejected: %s", tp->name, in->Index, req->peer, sm_err_name(err));
        return;
    }
    if (tp->compacted && sum.null_key_count > 0) {
        out->ErrorCode = SM_ERR_INVALID_RECORD; /* Kafka's LogValidator: a compacted topic needs keys */
        out->ErrorMessage = sm_str("Compacted topic cannot accept message without key.");
        return;
    }
    if (sum.compression == SM_COMPRESSION_ZSTD && req->hdr.RequestApiVersion < 7) {
        out->ErrorCode = SM_ERR_UNSUPPORTED_COMPRESSION_TYPE; /* zstd needs Produce v7+ (KIP-110) */
        return;
    }
    if (sum.batch_count != 1) {
        /* Produce v3+ carries exactly one batch per partition (Kafka's ProduceRequest.validateRecords) */
        out->ErrorCode = SM_ERR_INVALID_RECORD;
        out->ErrorMessage = sm_str("Produce requests with version 3 or later must contain exactly one record batch per partition.");
        return;
    }
    sm_batch_header_t h;
    sm_batch_header_parse(in->Records.ptr, (size_t)in->Records.len, &h);
    if (h.Attributes & SM_ATTR_CONTROL) { /* Kafka's LogValidator: markers come from coordinators only */
        out->ErrorCode = SM_ERR_INVALID_RECORD;
        out->ErrorMessage = sm_str("Clients are not allowed to write control records.");
        return;
    }
    if (h.ProducerId >= 0 && h.BaseSequence < 0) {
        out->ErrorCode = SM_ERR_INVALID_RECORD;
        out->ErrorMessage = sm_str("Invalid sequence number in a record batch with a producer id.");
        return;
    }
    if (sum.max_batch_size > tp->max_message_bytes) {
        out->ErrorCode = SM_ERR_MESSAGE_TOO_LARGE;
        out->ErrorMessage = sm_str("A record batch is larger than max.message.bytes.");
        return;
    }
    /* The request buffer is ours and writable: the log stamps offsets into it. */
    uint8_t *batches = (uint8_t *)in->Records.ptr;
    if (tp->log_append_time) sm_batch_set_log_append_time(batches, (size_t)in->Records.len, req->now_ms);
    sm_append_result_t res;
    int rc = sm_log_append(p->log, batches, (size_t)in->Records.len, p->leader_epoch, &res);
    if (rc > 0) { /* the producer's state refused the batch */
        out->ErrorCode = (int16_t)rc;
        sm_debug("produce to %s-%d from %s: producer %lld epoch %d seq %d: %s", tp->name, in->Index, req->peer,
                 (long long)h.ProducerId, h.ProducerEpoch, h.BaseSequence, sm_err_name(rc));
        return;
    }
    if (rc) {
        sm_error("append to %s-%d failed: errno %d", tp->name, in->Index, -rc);
        out->ErrorCode = SM_ERR_KAFKA_STORAGE_ERROR;
        return;
    }
    out->BaseOffset = res.base_offset;
    out->LogAppendTimeMs = res.log_append_time;
    out->LogStartOffset = res.log_start_offset;
    if (!res.duplicate) *appended = true;
}

int sm_handle_produce(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_ProduceRequest rq;
    if (sm_ProduceRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad Produce body");
        return SM_H_CLOSE;
    }
    int16_t global_err = 0;
    if (v < req->api->min_served)
        global_err = SM_ERR_UNSUPPORTED_VERSION; /* message formats v0/v1 are gone (KIP-896) */
    else if (rq.Acks != 0 && rq.Acks != 1 && rq.Acks != -1)
        global_err = SM_ERR_INVALID_REQUIRED_ACKS;

    sm_ProduceResponse rs = {0};
    rs.Responses_count = rq.TopicData_count < 0 ? 0 : rq.TopicData_count;
    rs.Responses = sm_arena_calloc(req->arena, (size_t)rs.Responses_count + 1, sizeof(*rs.Responses));
    bool appended = false, any_error = false;
    sm_topics_rdlock(req->broker->topics);
    for (int32_t i = 0; i < rs.Responses_count; i++) {
        sm_TopicProduceData *t = &rq.TopicData[i];
        sm_TopicProduceResponse *ot = &rs.Responses[i];
        ot->Name = t->Name;
        ot->PartitionResponses_count = t->PartitionData_count < 0 ? 0 : t->PartitionData_count;
        ot->PartitionResponses = sm_arena_calloc(req->arena, (size_t)ot->PartitionResponses_count + 1,
                                                 sizeof(*ot->PartitionResponses));
        sm_topic_t *tp = global_err ? NULL : sm_topics_find(req->broker->topics, t->Name);
        for (int32_t j = 0; j < ot->PartitionResponses_count; j++) {
            sm_PartitionProduceResponse *op = &ot->PartitionResponses[j];
            op->Index = t->PartitionData[j].Index;
            if (global_err || !tp) {
                op->ErrorCode = global_err ? global_err : SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
                op->BaseOffset = op->LogAppendTimeMs = op->LogStartOffset = -1;
                op->CurrentLeader = (sm_ProduceLeaderIdAndEpoch){-1, -1};
            } else {
                produce_one(req, tp, &t->PartitionData[j], op, &appended);
            }
            if (op->ErrorCode) any_error = true;
        }
    }
    sm_topics_unlock(req->broker->topics);
    if (appended) sm_broker_notify_append(req->broker);
    if (rq.Acks == 0 && !global_err) {
        if (any_error) {
            sm_info("connection %s: acks=0 produce failed; closing the connection as Kafka does", req->peer);
            return SM_H_CLOSE;
        }
        return SM_H_NO_RESPONSE;
    }
    sm_ProduceResponse_encode(req->resp, v, &rs);
    return SM_H_RESPOND;
}

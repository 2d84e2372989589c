/* ListOffsets: earliest (-2), latest (-1), max timestamp (-3), earliest local
 * (-4) / pending upload (-5) answered as earliest, and by timestamp. As in
 * Kafka, read_committed (IsolationLevel 1) sees up to the last stable offset:
 * "latest" is the LSO and a lookup finding an offset at or past it finds none. */
#include "handlers.h"
#include "protocol/errors.h"
#include "protocol/list_offsets.h"

#define TS_LATEST (-1)
#define TS_EARLIEST (-2)
#define TS_MAX_TIMESTAMP (-3)
#define TS_EARLIEST_LOCAL (-4)
#define TS_EARLIEST_PENDING_UPLOAD (-5)

static void list_one(sm_partition_t *p, const sm_ListOffsetsPartition *in, bool read_committed,
                     sm_ListOffsetsPartitionResponse *out)
{
    int64_t fetchable = read_committed ? sm_log_last_stable_offset(p->log) : sm_log_end_offset(p->log);
    out->Timestamp = -1;
    out->Offset = -1;
    out->LeaderEpoch = p->leader_epoch;
    int err = sm_check_leader_epoch(p, in->CurrentLeaderEpoch);
    if (err) {
        out->ErrorCode = (int16_t)err;
        return;
    }
    switch (in->Timestamp) {
    case TS_LATEST:
        out->Offset = fetchable;
        break;
    case TS_EARLIEST:
    case TS_EARLIEST_LOCAL:
    case TS_EARLIEST_PENDING_UPLOAD:
        out->Offset = sm_log_start_offset(p->log);
        break;
    case TS_MAX_TIMESTAMP: {
        int64_t ts, off;
        if (sm_log_max_timestamp(p->log, &ts, &off) == 0 && off < fetchable) {
            out->Timestamp = ts;
            out->Offset = off;
        }
        break;
    }
    default: {
        if (in->Timestamp < 0) {
            out->ErrorCode = SM_ERR_INVALID_REQUEST;
            return;
        }
        int64_t off, ts;
        int rc = sm_log_offset_for_timestamp(p->log, in->Timestamp, &off, &ts);
        if (rc == 0 && off < fetchable) {
            out->Offset = off;
            out->Timestamp = ts;
        } else if (rc < 0) {
            out->ErrorCode = SM_ERR_KAFKA_STORAGE_ERROR;
        }
        break;
    }
    }
}

int sm_handle_list_offsets(sm_req_t *req)
{
    int16_t v = req->hdr.RequestApiVersion;
    sm_ListOffsetsRequest rq;
    if (sm_ListOffsetsRequest_decode(&req->rd, req->arena, v, &rq)) {
        sm_req_log_parse_error(req, "bad ListOffsets body");
        return SM_H_CLOSE;
    }
    sm_ListOffsetsResponse rs = {0};
    rs.Topics_count = rq.Topics_count < 0 ? 0 : rq.Topics_count;
    rs.Topics = sm_arena_calloc(req->arena, (size_t)rs.Topics_count + 1, sizeof(*rs.Topics));
    sm_topics_rdlock(req->broker->topics);
    for (int32_t i = 0; i < rs.Topics_count; i++) {
        sm_ListOffsetsTopic *t = &rq.Topics[i];
        sm_ListOffsetsTopicResponse *ot = &rs.Topics[i];
        ot->Name = t->Name;
        ot->Partitions_count = t->Partitions_count < 0 ? 0 : t->Partitions_count;
        ot->Partitions = sm_arena_calloc(req->arena, (size_t)ot->Partitions_count + 1, sizeof(*ot->Partitions));
        sm_topic_t *tp = sm_topics_find(req->broker->topics, t->Name);
        for (int32_t j = 0; j < ot->Partitions_count; j++) {
            sm_ListOffsetsPartitionResponse *op = &ot->Partitions[j];
            op->PartitionIndex = t->Partitions[j].PartitionIndex;
            sm_partition_t *p = sm_topics_partition(tp, op->PartitionIndex);
            if (!p) {
                op->ErrorCode = SM_ERR_UNKNOWN_TOPIC_OR_PARTITION;
                op->Timestamp = op->Offset = -1;
                op->LeaderEpoch = -1;
                continue;
            }
            list_one(p, &t->Partitions[j], rq.IsolationLevel == 1, op);
        }
    }
    sm_ListOffsetsResponse_encode(req->resp, v, &rs);
    sm_topics_unlock(req->broker->topics);
    return SM_H_RESPOND;
}

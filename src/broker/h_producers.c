/*
 * InitProducerId. Without a transactional id (an idempotent producer) Kafka
 * blindly hands out a new producer id with epoch 0, whatever id and epoch a
 * v3+ request carries (KIP-360: a producer that lost its state starts
 * afresh). Transactional ids belong to the transaction coordinator, which
 * Samsa does not have yet: COORDINATOR_NOT_AVAILABLE, as FindCoordinator
 * answers for them.
 */
#include "handlers.h"
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
        rs.ErrorCode = SM_ERR_COORDINATOR_NOT_AVAILABLE;
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

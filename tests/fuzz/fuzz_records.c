/* Fuzz target for record batch handling: produce-path validation (which
 * decompresses and walks records) and the batch iterator used by recovery
 * and fetch. Input bytes are treated as a produce payload and as log bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* exact-size heap copy so any over-read is caught */
    uint8_t *copy = malloc(size ? size : 1);
    if (size) memcpy(copy, data, size);
    sm_records_summary_t sum;
    (void)sm_records_validate(copy, size, &sum);
    size_t pos = 0;
    sm_batch_header_t h;
    size_t blen;
    while (sm_batch_next(copy, size, &pos, &h, &blen) == 1) {
        if (blen < SM_BATCH_LOG_OVERHEAD || pos < blen) abort(); /* iterator must stay in bounds */
        (void)sm_batch_crc_ok(copy + pos - blen, blen);
    }
    free(copy);
    return 0;
}

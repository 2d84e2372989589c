/*
 * libFuzzer target for the data-path codecs: Produce, Fetch, ListOffsets,
 * Metadata.
 *
 * The input format and the checks: codec_roundtrip.h.
 */
#include "protocol/fetch.h"
#include "protocol/list_offsets.h"
#include "protocol/metadata.h"
#include "protocol/produce.h"

#include "codec_roundtrip.h"

WRAP(sm_ProduceRequest)
WRAP(sm_ProduceResponse)
WRAP(sm_FetchRequest)
WRAP(sm_FetchResponse)
WRAP(sm_ListOffsetsRequest)
WRAP(sm_ListOffsetsResponse)
WRAP(sm_MetadataRequest)
WRAP(sm_MetadataResponse)

static const fuzz_api_t apis[] = {
    {0, 11, CODEC(sm_ProduceRequest), CODEC(sm_ProduceResponse)},
    {4, 17, CODEC(sm_FetchRequest), CODEC(sm_FetchResponse)},
    {1, 10, CODEC(sm_ListOffsetsRequest), CODEC(sm_ListOffsetsResponse)},
    {0, 12, CODEC(sm_MetadataRequest), CODEC(sm_MetadataResponse)},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return roundtrip_apis(apis, (int)(sizeof(apis) / sizeof(apis[0])), true, data, size);
}

/*
 * Request and response headers.
 *
 * Request header (after the int32 frame size):
 *   v0: api_key int16, api_version int16, correlation_id int32
 *   v1: + client_id (classic nullable string, even in flexible requests)
 *   v2: + tagged fields
 * Response header:
 *   v0: correlation_id int32
 *   v1: + tagged fields
 * Flexible request versions use request header v2 and response header v1,
 * except ApiVersions, whose response header is always v0 so a client that
 * sent a version the broker does not know can still read the answer.
 */
#ifndef SM_HEADER_H
#define SM_HEADER_H

#include "wire.h"

typedef struct sm_RequestHeader {
    int16_t RequestApiKey;
    int16_t RequestApiVersion;
    int32_t CorrelationId;
    sm_str_t ClientId;
} sm_RequestHeader;

/* Reads api key, version and correlation id only (enough to answer even an
 * unknown API or version). Returns 0, or -1 if fewer than 8 bytes. */
int sm_request_header_peek(const uint8_t *frame, size_t len, sm_RequestHeader *h);

/* Reads the whole header (header_version 1 or 2) and leaves r after it,
 * with r->flexible set for the body. Returns 0 or -1 (r->err set). */
int sm_request_header_decode(sm_rd_t *r, int header_version, sm_RequestHeader *h);
void sm_request_header_encode(sm_wr_t *w, int header_version, const sm_RequestHeader *h);

/* Request header version for an API version: 2 if flexible, else 1. */
int sm_request_header_version(int16_t api_key, int16_t api_version);
/* Response header version: 1 if flexible (and not ApiVersions), else 0. */
int sm_response_header_version(int16_t api_key, int16_t api_version);

/* Starts a response: reserves the int32 size, writes the header. The writer's
 * flexible flag is then set for the body. Returns the size offset for
 * sm_response_finish(). */
size_t sm_response_begin(sm_wr_t *w, int16_t api_key, int16_t api_version, int32_t correlation_id);
void sm_response_finish(sm_wr_t *w, size_t size_off);

#endif

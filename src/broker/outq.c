#include "outq.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "util/logging.h"

/* A loop serves its connections one at a time, so a few spares cover the
 * responses of one busy round; what a burst needs beyond that is freed. */
#define POOL_MAX 32
/* Buffers up to this size are kept; a big response's buffer is not held on
 * to for the small ones that usually follow. */
#define KEEP_BUF_BYTES (64 * 1024)
#define KEEP_SPLICES 64
/* Buffer runs gathered into one sendmsg. */
#define GATHER_MAX 64

sm_out_item_t *sm_out_take(sm_out_pool_t *pool)
{
    sm_out_item_t *o = pool->spare;
    if (o) {
        pool->spare = o->next;
        pool->nspare--;
        o->next = NULL;
        return o;
    }
    o = calloc(1, sizeof(*o));
    if (!o) abort(); /* as sm_buf: allocation failure is fatal */
    sm_wr_init(&o->w, false);
    return o;
}

void sm_out_give(sm_out_pool_t *pool, sm_out_item_t *o)
{
    if (pool->nspare >= POOL_MAX) {
        sm_wr_free(&o->w);
        free(o);
        return;
    }
    sm_wr_reset(&o->w);
    if (o->w.buf.cap > KEEP_BUF_BYTES) sm_buf_free(&o->w.buf);
    if (o->w.splices_cap > KEEP_SPLICES) {
        free(o->w.splices);
        o->w.splices = NULL;
        o->w.splices_cap = 0;
    }
    o->buf_sent = 0;
    o->splice_i = 0;
    o->splice_sent = 0;
    o->next = pool->spare;
    pool->spare = o;
    pool->nspare++;
}

void sm_out_pool_free(sm_out_pool_t *pool)
{
    while (pool->spare) {
        sm_out_item_t *o = pool->spare;
        pool->spare = o->next;
        sm_wr_free(&o->w);
        free(o);
    }
    pool->nspare = 0;
}

void sm_outq_push(sm_outq_t *q, sm_out_item_t *o)
{
    o->next = NULL;
    q->bytes += sm_wr_total(&o->w);
    if (q->tail)
        q->tail->next = o;
    else
        q->head = o;
    q->tail = o;
}

/* End of the item's current run of buffer bytes: the next file range's
 * position, or the end of the buffer. */
static size_t run_end(const sm_out_item_t *o)
{
    return o->splice_i < o->w.nsplices ? o->w.splices[o->splice_i].buf_off : o->w.buf.len;
}

static bool item_done(const sm_out_item_t *o)
{
    return o->splice_i == o->w.nsplices && o->buf_sent == o->w.buf.len;
}

static void pop_head(sm_outq_t *q, sm_out_pool_t *pool)
{
    sm_out_item_t *o = q->head;
    q->head = o->next;
    if (!q->head) q->tail = NULL;
    sm_out_give(pool, o);
}

/* Sends the buffer run of the head item and, while each gathered item ends
 * with buffer bytes, the first runs of the items after it. */
static ssize_t send_runs(sm_outq_t *q, int fd)
{
    struct iovec iov[GATHER_MAX];
    int n = 0;
    sm_out_item_t *o = q->head, *last = NULL;
    for (; o && n < GATHER_MAX; o = o->next) {
        size_t end = run_end(o);
        if (o->buf_sent >= end) break;
        iov[n].iov_base = o->w.buf.data + o->buf_sent;
        iov[n].iov_len = end - o->buf_sent;
        n++;
        last = o;
        if (o->splice_i < o->w.nsplices) break; /* a file range follows this run */
    }
    /* MSG_MORE while more follows: fewer, fuller segments */
    bool more = last->splice_i < last->w.nsplices || last->next;
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = (size_t)n};
    return sendmsg(fd, &msg, MSG_NOSIGNAL | (more ? MSG_MORE : 0));
}

/* Accounts `sent` buffer bytes to the items send_runs gathered, in order. */
static void advance_runs(sm_outq_t *q, sm_out_pool_t *pool, size_t sent)
{
    while (sent > 0) {
        sm_out_item_t *o = q->head;
        size_t part = run_end(o) - o->buf_sent;
        size_t take = sent < part ? sent : part;
        o->buf_sent += take;
        sent -= take;
        if (item_done(o)) pop_head(q, pool);
    }
}

int sm_outq_flush(sm_outq_t *q, int fd, sm_out_pool_t *pool, const char *peer)
{
    while (q->head) {
        sm_out_item_t *o = q->head;
        if (o->buf_sent < run_end(o)) {
            ssize_t n = send_runs(q, fd);
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK) return 1;
                if (errno == EINTR) continue;
                return -1;
            }
            q->bytes -= n;
            advance_runs(q, pool, (size_t)n);
            continue;
        }
        if (o->splice_i < o->w.nsplices) {
            sm_splice_t *s = &o->w.splices[o->splice_i];
            off_t pos = (off_t)(s->file_pos + o->splice_sent);
            ssize_t n = sendfile(fd, s->fd, &pos, (size_t)(s->len - o->splice_sent));
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK) return 1;
                if (errno == EINTR) continue;
                return -1;
            }
            if (n == 0) {
                /* the file is shorter than the range: the response cannot be completed */
                sm_error("connection %s: segment file shorter than the fetch range", peer);
                return -1;
            }
            o->splice_sent += (int32_t)n;
            q->bytes -= n;
            if (o->splice_sent == s->len) {
                o->splice_i++;
                o->splice_sent = 0;
            }
            continue;
        }
        pop_head(q, pool); /* nothing left to send in it */
    }
    return 0;
}

void sm_outq_clear(sm_outq_t *q, sm_out_pool_t *pool)
{
    while (q->head) pop_head(q, pool);
    q->bytes = 0;
}

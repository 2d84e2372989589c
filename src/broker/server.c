/*
 * Listeners, event loops and connections.
 *
 * N event loops (num.network.threads), one thread each, each with its own
 * epoll set. The listening socket is in every set with EPOLLEXCLUSIVE, so one
 * loop takes each new connection and keeps it for its life. A connection's
 * requests are handled in order as they arrive (pipelining: several may be
 * read at once) and their responses queued in order. A request that must
 * wait (a Fetch long poll) is parked: the connection stops handling further
 * requests, as Kafka mutes a channel, until it is answered; parked requests
 * are re-run when an append wakes the loop (eventfd) or their deadline
 * passes (epoll timeout).
 *
 * Responses are queued per connection (outq.h): buffer bytes go out with
 * sendmsg(2), gathered across queued responses, and file ranges with
 * sendfile(2), so Fetch data never passes through user space. Response
 * writers and parked-request copies are reused, not allocated per request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "broker.h"
#include "outq.h"
#include "protocol/api_versions.h"
#include "protocol/errors.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/logging.h"

#define READ_CHUNK 65536
#define OUT_HIGH_WATER (16 * 1024 * 1024) /* stop reading requests while this much is unsent */

struct sm_conn {
    int fd;
    sm_loop_t *loop;
    char peer[64];
    sm_buf_t rbuf;
    sm_outq_t out;
    uint32_t events; /* current epoll interest */
    bool closed;
    /* a parked request: its own copy of the frame (kept for the next one)
     * and its deadline */
    bool parked;
    sm_buf_t park_frame;
    int64_t park_until;
    uint64_t park_token;
    sm_conn_t *next, *prev;
};

struct sm_loop {
    int id;
    sm_broker_t *b;
    pthread_t thread;
    int epfd;
    int wakefd;
    atomic_int wake_pending;
    atomic_int parked_count;
    bool rerun_parked; /* an append may have raced with a request being parked */
    sm_conn_t *conns;
    sm_arena_t arena;
    sm_out_pool_t out_pool;
};

static void conn_close(sm_conn_t *c, const char *why);
static void conn_process(sm_conn_t *c);

/* ---- sending ---- */

/* Interest set: write while output is queued; read unless the connection is
 * waiting (parked request or too much unsent output) and already holds a
 * request's worth of input — so a client cannot grow our buffers without
 * bound by pipelining while it is not being served. */
static void conn_update_events(sm_conn_t *c)
{
    if (c->closed) return;
    bool waiting = c->parked || c->out.bytes >= OUT_HIGH_WATER;
    bool paused = waiting && c->rbuf.len >= READ_CHUNK;
    uint32_t events = (paused ? 0 : EPOLLIN | EPOLLRDHUP) | (c->out.head ? EPOLLOUT : 0);
    if (events == c->events) return;
    c->events = events;
    struct epoll_event ev = {.events = events, .data.ptr = c};
    epoll_ctl(c->loop->epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static int conn_flush(sm_conn_t *c)
{
    return sm_outq_flush(&c->out, c->fd, &c->loop->out_pool, c->peer);
}

/* ---- requests ---- */

void sm_req_log_parse_error(sm_req_t *req, const char *what)
{
    sm_warn("connection %s: malformed %s v%d request (correlation id %d): %s at body offset %zu "
            "(detected in %s:%d); closing the connection",
            req->peer, sm_api_name(req->hdr.RequestApiKey), req->hdr.RequestApiVersion,
            req->hdr.CorrelationId, what, sm_rd_offset(&req->rd),
            req->rd.err_func ? req->rd.err_func : "?", req->rd.err_line);
}

/* ApiVersions for a version we do not know: error 35 in a v0 body so the
 * client can retry with a version from the list. */
static void answer_api_versions_unsupported(sm_conn_t *c, int32_t corr, sm_arena_t *a)
{
    sm_out_item_t *o = sm_out_take(&c->loop->out_pool);
    sm_wr_t *w = &o->w;
    size_t off = sm_wr_reserve_i32(w);
    sm_wr_i32(w, corr);
    int n;
    const sm_api_info_t *t = sm_api_table(&n);
    sm_ApiVersionsResponse r = {.ErrorCode = SM_ERR_UNSUPPORTED_VERSION, .ApiKeys_count = n};
    r.ApiKeys = sm_arena_calloc(a, (size_t)n, sizeof(*r.ApiKeys));
    for (int i = 0; i < n; i++)
        r.ApiKeys[i] = (sm_ApiVersion){t[i].key, t[i].min_version, t[i].max_version};
    sm_ApiVersionsResponse_encode(w, 0, &r);
    sm_wr_patch_i32(w, off, (int32_t)(sm_wr_total(w) - 4));
    sm_outq_push(&c->out, o);
}

enum { FRAME_DONE, FRAME_PARKED, FRAME_CLOSE };

/* Handles one request frame (without its size prefix). `frame` is writable and
 * stays valid only for this call unless the request is parked from a copy. */
static int handle_frame(sm_conn_t *c, uint8_t *frame, size_t len, bool retry, bool final)
{
    sm_loop_t *loop = c->loop;
    sm_RequestHeader h;
    if (sm_request_header_peek(frame, len, &h)) {
        sm_warn("connection %s: request of %zu bytes is shorter than a header; closing", c->peer, len);
        return FRAME_CLOSE;
    }
    const sm_api_info_t *api = sm_api_info(h.RequestApiKey);
    sm_handler_fn fn = sm_dispatch_handler(h.RequestApiKey);
    if (h.RequestApiKey == SM_API_ApiVersions && api &&
        (h.RequestApiVersion > api->max_version || h.RequestApiVersion < 0)) {
        answer_api_versions_unsupported(c, h.CorrelationId, &loop->arena);
        sm_arena_reset(&loop->arena);
        return FRAME_DONE;
    }
    if (!api || !fn) {
        sm_warn("connection %s: unsupported API key %d (%s) v%d; closing the connection", c->peer,
                h.RequestApiKey, sm_api_name(h.RequestApiKey), h.RequestApiVersion);
        return FRAME_CLOSE;
    }
    if (h.RequestApiVersion < api->min_version || h.RequestApiVersion > api->max_version) {
        sm_warn("connection %s: unsupported version %d of %s (we support %d-%d); closing the "
                "connection",
                c->peer, h.RequestApiVersion, api->name, api->min_version, api->max_version);
        return FRAME_CLOSE;
    }
    sm_req_t req = {.broker = loop->b, .conn = c, .peer = c->peer, .api = api,
                    .arena = &loop->arena, .now_ms = sm_now_ms(), .final = final,
                    .park_token = retry ? c->park_token : 0};
    sm_rd_init(&req.rd, frame, len, false);
    if (sm_request_header_decode(&req.rd, sm_request_header_version(h.RequestApiKey, h.RequestApiVersion),
                                 &req.hdr)) {
        sm_req_log_parse_error(&req, "bad request header");
        return FRAME_CLOSE;
    }
    req.body = frame + sm_rd_offset(&req.rd);
    req.body_len = sm_rd_remaining(&req.rd);
    sm_rd_init(&req.rd, req.body, req.body_len, req.rd.flexible);
    sm_out_item_t *o = sm_out_take(&loop->out_pool);
    req.resp = &o->w;
    size_t size_off = sm_response_begin(&o->w, h.RequestApiKey, h.RequestApiVersion, h.CorrelationId);
    uint64_t seq0 = atomic_load(&loop->b->append_seq);
    int rc = fn(&req);
    int result = FRAME_DONE;
    switch (rc) {
    case SM_H_RESPOND:
        sm_response_finish(&o->w, size_off);
        sm_outq_push(&c->out, o);
        break;
    case SM_H_NO_RESPONSE:
        sm_out_give(&loop->out_pool, o);
        break;
    case SM_H_PARK:
        sm_out_give(&loop->out_pool, o);
        if (!retry) {
            c->park_frame.len = 0;
            sm_buf_append(&c->park_frame, frame, len);
            c->parked = true;
            atomic_fetch_add(&loop->parked_count, 1);
        }
        /* An append between the handler's look and the count above did not wake us. */
        if (atomic_load(&loop->b->append_seq) != seq0) loop->rerun_parked = true;
        if (!retry) {
            c->park_until = req.park_until_ms; /* re-runs keep the first deadline */
            c->park_token = req.park_token;
        }
        result = FRAME_PARKED;
        break;
    default:
        sm_out_give(&loop->out_pool, o);
        result = FRAME_CLOSE;
        break;
    }
    sm_arena_reset(&loop->arena);
    return result;
}

static void unpark(sm_conn_t *c)
{
    if (!c->parked) return;
    c->parked = false;
    if (c->park_frame.cap > READ_CHUNK) sm_buf_free(&c->park_frame); /* keep small ones for the next poll */
    atomic_fetch_sub(&c->loop->parked_count, 1);
}

/* Handles every complete frame in the read buffer, unless a request is parked
 * or too much output is queued. */
static void conn_process(sm_conn_t *c)
{
    size_t pos = 0;
    int32_t max = c->loop->b->cfg->socket_request_max_bytes;
    while (!c->closed && !c->parked && c->out.bytes < OUT_HIGH_WATER) {
        size_t avail = c->rbuf.len - pos;
        if (avail < 4) break;
        int32_t size = (int32_t)sm_be32(c->rbuf.data + pos);
        if (size < 0 || size > max) {
            sm_warn("connection %s: request size %d is outside [0, socket.request.max.bytes=%d]; "
                    "closing the connection", c->peer, size, max);
            conn_close(c, NULL);
            return;
        }
        if (avail - 4 < (size_t)size) {
            sm_buf_reserve(&c->rbuf, (size_t)size + 4 - avail); /* one allocation for a big request */
            break;
        }
        int r = handle_frame(c, c->rbuf.data + pos + 4, (size_t)size, false, false);
        pos += 4 + (size_t)size;
        if (r == FRAME_CLOSE) {
            conn_close(c, NULL);
            return;
        }
    }
    if (pos) sm_buf_consume(&c->rbuf, pos);
    int fr = conn_flush(c);
    if (fr < 0) {
        conn_close(c, "send failed");
        return;
    }
    conn_update_events(c);
}

static void conn_read(sm_conn_t *c)
{
    for (;;) {
        sm_buf_reserve(&c->rbuf, READ_CHUNK);
        ssize_t n = recv(c->fd, c->rbuf.data + c->rbuf.len, c->rbuf.cap - c->rbuf.len, 0);
        if (n > 0) {
            c->rbuf.len += (size_t)n;
            if (c->rbuf.cap - c->rbuf.len > 0) break; /* short read: the socket is drained */
            continue;
        }
        if (n == 0) {
            conn_close(c, NULL);
            return;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        conn_close(c, NULL);
        return;
    }
    conn_process(c);
}

static void conn_close(sm_conn_t *c, const char *why)
{
    if (c->closed) return;
    c->closed = true;
    if (why) sm_info("connection %s closed: %s", c->peer, why);
    epoll_ctl(c->loop->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
}

static void conn_free(sm_conn_t *c)
{
    sm_loop_t *loop = c->loop;
    if (c->prev) c->prev->next = c->next;
    else loop->conns = c->next;
    if (c->next) c->next->prev = c->prev;
    unpark(c);
    sm_buf_free(&c->park_frame);
    sm_outq_clear(&c->out, &loop->out_pool);
    sm_buf_free(&c->rbuf);
    free(c);
}

/* Re-runs parked requests: on wake-ups (appends) and when deadlines pass. */
static void run_parked(sm_loop_t *loop, bool woken)
{
    if (atomic_load(&loop->parked_count) == 0) return;
    int64_t now = sm_mono_ms();
    for (sm_conn_t *c = loop->conns; c; c = c->next) {
        if (!c->parked || c->closed) continue;
        bool final = now >= c->park_until;
        if (!woken && !final) continue;
        int r = handle_frame(c, c->park_frame.data, c->park_frame.len, true, final);
        if (r == FRAME_PARKED) continue;
        unpark(c);
        if (r == FRAME_CLOSE) {
            conn_close(c, NULL);
            continue;
        }
        conn_process(c); /* answer, then go on with requests read meanwhile */
    }
}

static int next_timeout(sm_loop_t *loop)
{
    if (atomic_load(&loop->parked_count) == 0) return -1;
    int64_t now = sm_mono_ms(), best = INT64_MAX;
    for (sm_conn_t *c = loop->conns; c; c = c->next)
        if (c->parked && c->park_until < best) best = c->park_until;
    if (best == INT64_MAX) return -1;
    return best <= now ? 0 : (int)(best - now > 1000000 ? 1000000 : best - now);
}

static void accept_all(sm_loop_t *loop)
{
    for (;;) {
        struct sockaddr_storage sa;
        socklen_t sl = sizeof(sa);
        int fd = accept4(loop->b->listen_fd, (struct sockaddr *)&sa, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                sm_warn("accept failed: %s", strerror(errno));
            return;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        int sndbuf = loop->b->cfg->socket_send_buffer_bytes; /* as Kafka: on each connection */
        if (sndbuf > 0) setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
        sm_conn_t *c = calloc(1, sizeof(*c));
        c->fd = fd;
        c->loop = loop;
        char host[NI_MAXHOST] = "?", serv[NI_MAXSERV] = "?";
        getnameinfo((struct sockaddr *)&sa, sl, host, sizeof(host), serv, sizeof(serv),
                    NI_NUMERICHOST | NI_NUMERICSERV);
        snprintf(c->peer, sizeof(c->peer), "%s:%s", host, serv);
        c->next = loop->conns;
        if (loop->conns) loop->conns->prev = c;
        loop->conns = c;
        c->events = EPOLLIN | EPOLLRDHUP;
        struct epoll_event ev = {.events = c->events, .data.ptr = c};
        epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev);
    }
}

static void *loop_main(void *arg)
{
    sm_loop_t *loop = arg;
    struct epoll_event evs[128];
    while (!atomic_load(&loop->b->stopping)) {
        int n = epoll_wait(loop->epfd, evs, 128, loop->rerun_parked ? 0 : next_timeout(loop));
        if (n < 0 && errno != EINTR) {
            sm_error("epoll_wait: %s", strerror(errno));
            break;
        }
        bool woken = false;
        for (int i = 0; i < n; i++) {
            void *ptr = evs[i].data.ptr;
            if (ptr == &loop->b->listen_fd) {
                accept_all(loop);
            } else if (ptr == &loop->wakefd) {
                uint64_t v;
                if (read(loop->wakefd, &v, sizeof(v)) < 0) { /* nothing to do */
                }
                atomic_store(&loop->wake_pending, 0);
                woken = true;
            } else {
                sm_conn_t *c = ptr;
                if (c->closed) continue;
                if (evs[i].events & (EPOLLERR | EPOLLHUP)) {
                    conn_close(c, NULL);
                    continue;
                }
                if (evs[i].events & EPOLLOUT) {
                    if (conn_flush(c) < 0) {
                        conn_close(c, NULL);
                        continue;
                    }
                    conn_process(c); /* resumes reading requests if output drained */
                }
                if (!c->closed && (evs[i].events & (EPOLLIN | EPOLLRDHUP))) conn_read(c);
            }
        }
        if (loop->rerun_parked) {
            loop->rerun_parked = false;
            woken = true;
        }
        run_parked(loop, woken);
        /* free connections closed during this round (no event refers to them any more) */
        for (sm_conn_t *c = loop->conns, *next; c; c = next) {
            next = c->next;
            if (c->closed) conn_free(c);
        }
    }
    for (sm_conn_t *c = loop->conns, *next; c; c = next) {
        next = c->next;
        conn_close(c, NULL);
        conn_free(c);
    }
    return NULL;
}

void sm_broker_notify_append(sm_broker_t *b)
{
    atomic_fetch_add(&b->append_seq, 1);
    for (int i = 0; i < b->nloops; i++) {
        sm_loop_t *l = b->loops[i];
        if (atomic_load(&l->parked_count) == 0) continue;
        if (atomic_exchange(&l->wake_pending, 1)) continue; /* already signalled */
        uint64_t one = 1;
        if (write(l->wakefd, &one, sizeof(one)) < 0) { /* counter overflow only; ignore */
        }
    }
}

static int listen_on(sm_broker_t *b)
{
    const sm_listener_t *l = &b->cfg->listener;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    struct addrinfo *res = NULL;
    char port[16];
    snprintf(port, sizeof(port), "%d", l->port);
    int rc = getaddrinfo(l->host[0] ? l->host : NULL, port, &hints, &res);
    if (rc) {
        sm_error("listener %s://%s:%d: %s", l->name, l->host, l->port, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        /* on the listening socket, so accepted ones inherit it before the
         * handshake fixes their window scale (as Kafka's acceptor does) */
        int rcvbuf = b->cfg->socket_receive_buffer_bytes;
        if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1024) == 0) break;
        close(fd);
        fd = -1;
    }
    int err = errno;
    freeaddrinfo(res);
    if (fd < 0) {
        sm_error("cannot listen on %s:%d: %s", l->host, l->port, strerror(err));
        return -1;
    }
    b->listen_fd = fd;
    return 0;
}

int sm_server_start(sm_broker_t *b)
{
    if (listen_on(b)) return -1;
    b->nloops = b->cfg->num_network_threads;
    b->loops = calloc((size_t)b->nloops, sizeof(*b->loops));
    for (int i = 0; i < b->nloops; i++) {
        sm_loop_t *l = calloc(1, sizeof(*l));
        l->id = i;
        l->b = b;
        l->epfd = epoll_create1(EPOLL_CLOEXEC);
        l->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        sm_arena_init(&l->arena);
        struct epoll_event ev = {.events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = &b->listen_fd};
        epoll_ctl(l->epfd, EPOLL_CTL_ADD, b->listen_fd, &ev);
        struct epoll_event wev = {.events = EPOLLIN, .data.ptr = &l->wakefd};
        epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->wakefd, &wev);
        b->loops[i] = l;
    }
    for (int i = 0; i < b->nloops; i++) pthread_create(&b->loops[i]->thread, NULL, loop_main, b->loops[i]);
    return 0;
}

void sm_server_stop(sm_broker_t *b)
{
    atomic_store(&b->stopping, true);
    for (int i = 0; i < b->nloops; i++) {
        uint64_t one = 1;
        if (write(b->loops[i]->wakefd, &one, sizeof(one)) < 0) { /* loop exits anyway on next event */
        }
    }
    for (int i = 0; i < b->nloops; i++) {
        sm_loop_t *l = b->loops[i];
        pthread_join(l->thread, NULL);
        close(l->epfd);
        close(l->wakefd);
        sm_arena_free(&l->arena);
        sm_out_pool_free(&l->out_pool);
        free(l);
    }
    free(b->loops);
    b->loops = NULL;
    if (b->listen_fd >= 0) close(b->listen_fd);
    b->listen_fd = -1;
}

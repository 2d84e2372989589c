"""A TCP proxy between Kafka clients and one broker that injects failures.

The broker advertises the proxy's port (advertised.listeners), so every
connection of a client goes through it. The proxy reads the Kafka framing
(int32 size prefix) in both directions, notes each request's api key by
correlation id, and can *lose a response*: when `drop(api_key, n)` says so
for the n-th response of that api, it closes both sockets instead of
forwarding it. The broker has done the work (e.g. appended a batch); the
client never hears of it and retries on a new connection — exactly the case
idempotent producers exist for.
"""
import socket
import struct
import threading


class KafkaProxy:
    def __init__(self, broker_port, drop=None):
        self.broker_port = broker_port
        self.drop = drop or (lambda api_key, n: False)
        self.counts = {}
        self.dropped = 0
        self._lock = threading.Lock()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self._closing = False
        self._conns = []
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self._closing = True
        try:
            self._sock.close()
        except OSError:
            pass
        for c in list(self._conns):
            _close(c)

    def _accept(self):
        while not self._closing:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.broker_port))
            except OSError:
                _close(client)
                continue
            self._conns += [client, upstream]
            pending = {}  # correlation id -> api key
            threading.Thread(target=self._requests, args=(client, upstream, pending), daemon=True).start()
            threading.Thread(target=self._responses, args=(upstream, client, pending), daemon=True).start()

    def _requests(self, src, dst, pending):
        try:
            while True:
                frame = _read_frame(src)
                if frame is None:
                    break
                api_key, _, corr = struct.unpack(">hhi", frame[4:12])
                pending[corr] = api_key
                dst.sendall(frame)
        except OSError:
            pass
        _close(src)
        _close(dst)

    def _responses(self, src, dst, pending):
        try:
            while True:
                frame = _read_frame(src)
                if frame is None:
                    break
                corr = struct.unpack(">i", frame[4:8])[0]
                api_key = pending.pop(corr, -1)
                with self._lock:
                    n = self.counts.get(api_key, 0) + 1
                    self.counts[api_key] = n
                    lose = self.drop(api_key, n)
                    if lose:
                        self.dropped += 1
                if lose:
                    break
                dst.sendall(frame)
        except OSError:
            pass
        _close(src)
        _close(dst)


def _read_exact(s, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _read_frame(s):
    head = _read_exact(s, 4)
    if head is None:
        return None
    size = struct.unpack(">i", head)[0]
    if size < 8 or size > 200 << 20:
        return None
    body = _read_exact(s, size)
    return None if body is None else head + body


def _close(s):
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        s.close()
    except OSError:
        pass

#!/usr/bin/env python3
"""Stand-in broker for checking the harness itself, not samsa.

    run.sh --samsa compat/librdkafka/mock_broker.py 0001 0002 ...

Accepts the same command line the harness gives samsa (--override
listeners=PLAINTEXT://127.0.0.1:PORT ...), starts a one-broker librdkafka
mock cluster (rdkafka_mock.c, through ctypes on the librdkafka built in the
cache) and forwards PORT to it.  Clients bootstrap through the forwarder and
then talk to the mock broker at the address its Metadata advertises.  Exits
0 on SIGTERM, like samsa must.  With --override mock.crash.after.s=N it
kills itself with SIGSEGV after N seconds, to check crash reporting.
"""
import ctypes
import glob
import os
import signal
import socket
import sys
import threading
import time


def main():
    overrides = {}
    argv = sys.argv[1:]
    i = 0
    while i < len(argv):
        if argv[i] == "--override" and i + 1 < len(argv):
            k, _, v = argv[i + 1].partition("=")
            overrides[k] = v
            i += 2
        else:
            i += 1
    listener = overrides.get("listeners", "PLAINTEXT://127.0.0.1:9092")
    hostport = listener.split("://", 1)[1]
    host, port = hostport.rsplit(":", 1)

    cache = os.environ.get("SAMSA_CACHE", os.path.expanduser("~/.cache/samsa"))
    libs = sorted(glob.glob(os.path.join(cache, "librdkafka-src", "librdkafka-*",
                                         "src", "librdkafka.so.1")))
    lib = ctypes.CDLL(libs[0] if libs else "librdkafka.so.1")
    lib.rd_kafka_conf_new.restype = ctypes.c_void_p
    lib.rd_kafka_new.restype = ctypes.c_void_p
    lib.rd_kafka_new.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.rd_kafka_mock_cluster_new.restype = ctypes.c_void_p
    lib.rd_kafka_mock_cluster_new.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.rd_kafka_mock_cluster_bootstraps.restype = ctypes.c_char_p
    lib.rd_kafka_mock_cluster_bootstraps.argtypes = [ctypes.c_void_p]

    errstr = ctypes.create_string_buffer(512)
    rk = lib.rd_kafka_new(0, lib.rd_kafka_conf_new(), errstr, 512)
    if not rk:
        sys.exit("rd_kafka_new: %s" % errstr.value.decode())
    mc = lib.rd_kafka_mock_cluster_new(rk, 1)
    target = lib.rd_kafka_mock_cluster_bootstraps(mc).decode()
    thost, tport = target.split(",")[0].rsplit(":", 1)
    sys.stderr.write("mock broker: %s:%s -> mock cluster %s\n" % (host, port, target))
    sys.stderr.flush()

    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, int(port)))
    srv.listen(64)

    def pump(a, b):
        try:
            while True:
                d = a.recv(65536)
                if not d:
                    break
                b.sendall(d)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def accept_loop():
        while True:
            c, _ = srv.accept()
            try:
                u = socket.create_connection((thost, int(tport)))
            except OSError:
                c.close()
                continue
            threading.Thread(target=pump, args=(c, u), daemon=True).start()
            threading.Thread(target=pump, args=(u, c), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()

    def on_term(sig, frame):
        sys.stderr.write("mock broker: SIGTERM, exiting\n")
        os._exit(0)

    signal.signal(signal.SIGTERM, on_term)
    crash = float(overrides.get("mock.crash.after.s", "0") or 0)
    if crash:
        time.sleep(crash)
        os.kill(os.getpid(), signal.SIGSEGV)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()

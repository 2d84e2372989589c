"""Start and stop a real samsa broker process for integration tests.

The binary comes from $SAMSA_BIN (set by ctest) or ../../build/samsa. Every
broker listens on 127.0.0.1 on a free port with its own temporary data dir.
Its stderr goes to a log file that the tests can read; stopping a broker
checks that no AddressSanitizer/UBSan report was printed.
"""
import os
import signal
import socket
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SAMSA_BIN = os.environ.get("SAMSA_BIN") or os.path.join(ROOT, "build", "samsa")
BUILD_DIR = os.environ.get("SAMSA_BUILD_DIR") or os.path.dirname(SAMSA_BIN)

SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "SUMMARY: UndefinedBehaviorSanitizer")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    """A samsa process. `overrides` are Kafka config keys passed as --override."""

    def __init__(self, overrides=None, data_dir=None, config_file=None, port=None):
        self.port = port or free_port()
        self._tmp = None
        if data_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="samsa-test-")
            data_dir = self._tmp.name
        self.data_dir = data_dir
        self.config_file = config_file
        self.overrides = {
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "log.dirs": os.path.join(data_dir, "logs"),
        }
        self.overrides.update(overrides or {})
        self.proc = None
        self.log_path = os.path.join(data_dir, "samsa.log")
        self._log = None

    @property
    def bootstrap(self):
        return f"127.0.0.1:{self.port}"

    @property
    def log_dir(self):
        return self.overrides["log.dirs"].split(",")[0]

    def command(self):
        cmd = [SAMSA_BIN]
        if self.config_file:
            cmd.append(self.config_file)
        for k, v in self.overrides.items():
            cmd += ["--override", f"{k}={v}"]
        return cmd

    def start(self, timeout=30):
        self._log = open(self.log_path, "ab")
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
        self.proc = subprocess.Popen(self.command(), stdout=self._log, stderr=subprocess.STDOUT,
                                     env=env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"samsa exited with {self.proc.returncode} at start:\n"
                                   + self.log_text())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("samsa did not start listening:\n" + self.log_text())

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def stop(self, timeout=10, sig=signal.SIGTERM):
        """SIGTERM (or `sig`); returns the exit code. Asserts a clean, sanitizer-free exit."""
        if not self.proc:
            return None
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("samsa did not stop within %ss of SIGTERM" % timeout)
        self.proc = None
        self._log.close()
        self.check_sanitizers()
        assert rc == 0, f"samsa exited with {rc}:\n" + self.log_text()[-5000:]
        return rc

    def kill(self):
        """SIGKILL (crash simulation)."""
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            self._log.close()

    def restart(self):
        self.stop()
        return self.start()

    def check_sanitizers(self):
        text = self.log_text()
        for m in SANITIZER_MARKERS:
            assert m not in text, "sanitizer report in samsa log:\n" + text[-8000:]

    def close(self):
        if self.proc:
            self.stop()
        if self._tmp:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

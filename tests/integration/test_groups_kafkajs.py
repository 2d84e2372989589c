"""kafkajs (Node.js) consumer groups against samsa: runs tests/js/kafkajs_groups.js.

The script runs two consumers of one group on a 4-partition topic (split, every message once,
takeover when one disconnects) and the admin group calls (fetchOffsets, resetOffsets,
setOffsets, describeGroups, listGroups, deleteGroups); it prints one line per check and exits
non-zero on any failed one. node_modules is installed from the lock file (`npm ci`) when
missing.
"""
import os
import shutil
import subprocess

import pytest

from samsa_broker import ROOT

JS_DIR = os.path.join(ROOT, "tests", "js")


@pytest.fixture(scope="module")
def node():
    node = shutil.which("node")
    npm = shutil.which("npm")
    if not node:
        pytest.fail("node is not installed (apt-get install nodejs npm); kafkajs tests need it")
    if not os.path.isdir(os.path.join(JS_DIR, "node_modules", "kafkajs")):
        if not npm:
            pytest.fail("npm is not installed (apt-get install npm) and tests/js/node_modules is "
                        "missing; cannot install kafkajs")
        r = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, f"npm ci failed in {JS_DIR}:\n{r.stdout}\n{r.stderr}"
    return node


def test_kafkajs_consumer_groups(broker, node):
    try:
        r = subprocess.run([node, "kafkajs_groups.js", broker.bootstrap], cwd=JS_DIR,
                           capture_output=True, text=True, timeout=170)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) \
            else (e.stdout or "")
        pytest.fail(f"kafkajs_groups.js did not finish in 170s:\n{out}\nbroker log:\n"
                    + broker.log_text()[-3000:])
    out = r.stdout + r.stderr
    print(out)  # shown by pytest for failures (and with -s)
    assert r.returncode == 0, f"kafkajs_groups.js failed ({r.returncode}):\n{out}\nbroker log:\n" \
        + broker.log_text()[-3000:]
    assert "PASS: 0 failures" in r.stdout, out
    assert "FAIL" not in r.stdout, out
    broker.check_sanitizers()

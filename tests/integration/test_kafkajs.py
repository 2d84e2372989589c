"""kafkajs (Node.js) against samsa: runs tests/js/kafkajs_test.js.

The script does admin createTopics/fetchTopicMetadata/fetchTopicOffsets/
listTopics/deleteTopics and producer sends with acks -1 and 1; it exits
non-zero on any failed check. node_modules is installed from the lock file
(`npm ci`) when missing.
"""
import os
import shutil
import subprocess

import pytest

from samsa_broker import ROOT

JS_DIR = os.path.join(ROOT, "tests", "js")


@pytest.fixture(scope="module")
def node_modules():
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


def test_kafkajs_admin_and_producer(broker, node_modules):
    r = subprocess.run([node_modules, "kafkajs_test.js", broker.bootstrap], cwd=JS_DIR,
                       capture_output=True, text=True, timeout=120)
    out = r.stdout + r.stderr
    assert r.returncode == 0, f"kafkajs_test.js failed ({r.returncode}):\n{out}\nbroker log:\n" \
        + broker.log_text()[-3000:]
    assert "PASS: 0 failures" in r.stdout, out
    broker.check_sanitizers()

"""kafkajs admin describeConfigs / alterConfigs / deleteTopicRecords against samsa
(tests/js/kafkajs_configs.js; node_modules from the lock file, see test_kafkajs.py)."""
import subprocess

from test_kafkajs import JS_DIR, node_modules  # noqa: F401 (fixture)


def test_kafkajs_configs_and_delete_records(broker, node_modules):  # noqa: F811
    r = subprocess.run([node_modules, "kafkajs_configs.js", broker.bootstrap], cwd=JS_DIR,
                       capture_output=True, text=True, timeout=120)
    out = r.stdout + r.stderr
    assert r.returncode == 0, f"kafkajs_configs.js failed ({r.returncode}):\n{out}\nbroker log:\n" \
        + broker.log_text()[-3000:]
    assert "PASS: 0 failures" in r.stdout, out
    broker.check_sanitizers()

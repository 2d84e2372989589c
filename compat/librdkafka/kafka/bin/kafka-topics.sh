#!/bin/sh
# Stand-in for Apache Kafka's bin/kafka-topics.sh, for the librdkafka tests
# that shell out to it (0045, 0052, 0077).  run.py points KAFKA_PATH at the
# directory above this one.  Implemented on the Admin API, like the real
# tool with --bootstrap-server.
exec /usr/bin/python3 "$(dirname "$0")/kafka_topics.py" "$@"

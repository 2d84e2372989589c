#!/usr/bin/python3
"""The subset of Apache Kafka's kafka-topics.sh the librdkafka suite uses,
done with confluent-kafka's AdminClient (CreateTopics, CreatePartitions,
DeleteTopics), exactly what the real tool does with --bootstrap-server:

  --bootstrap-server HOST:PORT --create --topic T --partitions N
      --replication-factor R [--config k=v ...]
  --bootstrap-server HOST:PORT --alter --topic T --partitions N
  --bootstrap-server HOST:PORT --delete --topic T

Exits 0 when the broker reports success, 1 (with the broker's error) if not,
2 on a command line it does not understand.
"""
import sys

from confluent_kafka.admin import AdminClient, NewPartitions, NewTopic


def main(argv):
    opts = {"config": []}
    action = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--create", "--alter", "--delete"):
            action = a[2:]
            i += 1
        elif a in ("--bootstrap-server", "--topic", "--partitions",
                   "--replication-factor", "--config") and i + 1 < len(argv):
            key = a[2:]
            if key == "config":
                opts["config"].append(argv[i + 1])
            else:
                opts[key] = argv[i + 1]
            i += 2
        else:
            print("kafka-topics.sh (samsa compat stand-in): unsupported "
                  "argument %r" % a, file=sys.stderr)
            return 2
    if not action or "topic" not in opts or "bootstrap-server" not in opts:
        print("kafka-topics.sh (samsa compat stand-in): need --bootstrap-server, "
              "--topic and one of --create/--alter/--delete", file=sys.stderr)
        return 2

    admin = AdminClient({"bootstrap.servers": opts["bootstrap-server"]})
    topic = opts["topic"]
    if action == "create":
        cfg = {}
        for kv in opts["config"]:
            k, _, v = kv.partition("=")
            cfg[k] = v
        fut = admin.create_topics([NewTopic(
            topic, num_partitions=int(opts.get("partitions", "1")),
            replication_factor=int(opts.get("replication-factor", "1")),
            config=cfg)], operation_timeout=30)
    elif action == "alter":
        if "partitions" not in opts:
            print("kafka-topics.sh (samsa compat stand-in): --alter needs "
                  "--partitions", file=sys.stderr)
            return 2
        fut = admin.create_partitions([NewPartitions(topic, int(opts["partitions"]))],
                                      operation_timeout=30)
    else:
        fut = admin.delete_topics([topic], operation_timeout=30)
    try:
        fut[topic].result(timeout=60)
    except Exception as e:  # KafkaException carrying the broker's error
        print("kafka-topics.sh: %s %s failed: %s" % (action, topic, e), file=sys.stderr)
        return 1
    print("%s topic %s: ok" % (action, topic))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

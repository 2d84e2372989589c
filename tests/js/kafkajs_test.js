// kafkajs against a samsa broker: admin (createTopics, fetchTopicMetadata,
// fetchTopicOffsets, listTopics, deleteTopics) and a non-idempotent producer
// with acks -1 and 1, checking the broker's answers and that the high
// watermarks moved by exactly what was produced.
//
// usage: node kafkajs_test.js <host:port>
// Exits 0 if every check passed, 1 otherwise (each failure is printed).
'use strict'

const { Kafka, logLevel, CompressionTypes, Partitioners } = require('kafkajs')

const bootstrap = process.argv[2]
if (!bootstrap) {
  console.error('usage: node kafkajs_test.js <host:port>')
  process.exit(2)
}

let failures = 0
function check (cond, what) {
  if (cond) {
    console.log('ok   ' + what)
  } else {
    failures++
    console.log('FAIL ' + what)
  }
}
function eq (actual, expected, what) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  check(a === e, `${what}: got ${a}, expected ${e}`)
}

const suffix = `${process.pid}-${Date.now()}`
const topic = `kafkajs-${suffix}`
const autoTopic = `kafkajs-auto-${suffix}`

async function offsetsByPartition (admin, t) {
  const offs = await admin.fetchTopicOffsets(t)
  const out = {}
  for (const o of offs) out[o.partition] = { low: o.low, high: o.high }
  return out
}

async function main () {
  const kafka = new Kafka({
    clientId: 'samsa-kafkajs-test',
    brokers: [bootstrap],
    logLevel: logLevel.WARN,
    retry: { retries: 3, initialRetryTime: 100 },
    connectionTimeout: 5000,
    requestTimeout: 15000
  })
  const admin = kafka.admin()
  await admin.connect()

  // --- cluster and topic creation ---
  const cluster = await admin.describeCluster()
  eq(cluster.brokers.length, 1, 'describeCluster broker count')
  check(cluster.brokers.length === 1 && `${cluster.brokers[0].host}:${cluster.brokers[0].port}` === bootstrap,
    `describeCluster broker address ${JSON.stringify(cluster.brokers)} is ${bootstrap}`)
  check(cluster.controller !== null && cluster.controller === (cluster.brokers[0] || {}).nodeId,
    `describeCluster controller ${cluster.controller} is the broker`)

  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true
  })
  eq(created, true, 'createTopics new topic returns true')
  const again = await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })
  eq(again, false, 'createTopics existing topic returns false (TOPIC_ALREADY_EXISTS)')

  const topics = await admin.listTopics()
  check(topics.includes(topic), `listTopics includes ${topic}`)

  const md = await admin.fetchTopicMetadata({ topics: [topic] })
  eq(md.topics.length, 1, 'fetchTopicMetadata topic count')
  const tmd = md.topics[0]
  eq(tmd.name, topic, 'fetchTopicMetadata name')
  const parts = tmd.partitions.slice().sort((a, b) => a.partitionId - b.partitionId)
  eq(parts.map(p => p.partitionId), [0, 1, 2], 'fetchTopicMetadata partition ids')
  const nodeId = (cluster.brokers[0] || {}).nodeId
  for (const p of parts) {
    eq([p.partitionErrorCode, p.leader, p.replicas, p.isr], [0, nodeId, [nodeId], [nodeId]],
      `partition ${p.partitionId} error/leader/replicas/isr`)
  }

  eq(await offsetsByPartition(admin, topic),
    { 0: { low: '0', high: '0' }, 1: { low: '0', high: '0' }, 2: { low: '0', high: '0' } },
    'fetchTopicOffsets on the empty topic')

  // --- producer, acks -1 and acks 1 ---
  const producer = kafka.producer({
    idempotent: false,
    allowAutoTopicCreation: true,
    createPartitioner: Partitioners.DefaultPartitioner
  })
  await producer.connect()

  const msgs = (p, n, tag) => Array.from({ length: n }, (_, i) => ({
    partition: p,
    key: `${tag}-key-${i}`,
    value: Buffer.from(`${tag}-value-${i}-\u00e9\u0000end`),
    headers: { tag, i: String(i) }
  }))

  let res = await producer.send({ topic, acks: -1, messages: [...msgs(0, 10, 'a'), ...msgs(1, 5, 'a')] })
  res = res.slice().sort((a, b) => a.partition - b.partition)
  eq(res.map(r => [r.topicName, r.partition, r.errorCode, r.baseOffset]),
    [[topic, 0, 0, '0'], [topic, 1, 0, '0']], 'send acks=-1 metadata (partition, error, baseOffset)')

  res = await producer.send({ topic, acks: 1, messages: msgs(2, 7, 'b') })
  eq(res.map(r => [r.partition, r.errorCode, r.baseOffset]), [[2, 0, '0']], 'send acks=1 metadata')

  res = await producer.send({ topic, acks: 1, compression: CompressionTypes.GZIP, messages: msgs(0, 4, 'c') })
  eq(res.map(r => [r.partition, r.errorCode, r.baseOffset]), [[0, 0, '10']], 'send gzip acks=1 metadata')

  // Keyed messages without a partition go where kafkajs's default (Java-compatible
  // murmur2) partitioner puts them; compute that with the same partitioner.
  const keyed = Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }))
  const partitioner = Partitioners.DefaultPartitioner()
  const partitionMetadata = parts.map(p => ({ partitionId: p.partitionId, leader: p.leader }))
  const placed = [0, 0, 0]
  for (const m of keyed) placed[partitioner({ topic, partitionMetadata, message: m })]++
  res = await producer.send({ topic, acks: -1, messages: keyed })
  res = res.slice().sort((a, b) => a.partition - b.partition)
  eq(res.map(r => [r.partition, r.errorCode, r.baseOffset]),
    [[0, 0, '14'], [1, 0, '5'], [2, 0, '7']].filter((_, p) => placed[p] > 0),
    `send keyed via default partitioner (placed ${JSON.stringify(placed)})`)

  const after = await offsetsByPartition(admin, topic)
  eq([0, 1, 2].map(p => (after[p] || {}).low), ['0', '0', '0'], 'low watermarks after producing')
  eq([0, 1, 2].map(p => (after[p] || {}).high), [14 + placed[0], 5 + placed[1], 7 + placed[2]].map(String),
    'high watermarks moved by exactly what was produced')

  // --- auto-creation through the producer's metadata request ---
  res = await producer.send({ topic: autoTopic, acks: -1, messages: [{ value: 'hello' }, { value: 'world' }] })
  eq(res.map(r => [r.topicName, r.errorCode, r.baseOffset]), [[autoTopic, 0, '0']], 'send to auto-created topic')
  const autoOffs = await admin.fetchTopicOffsets(autoTopic)
  eq(autoOffs.map(o => [o.partition, o.low, o.high]), [[0, '0', '2']], 'auto-created topic offsets (1 partition)')

  await producer.disconnect()

  // --- deletion ---
  await admin.deleteTopics({ topics: [topic, autoTopic] })
  const left = await admin.listTopics()
  check(!left.includes(topic) && !left.includes(autoTopic), `deleted topics gone from listTopics: ${JSON.stringify(left)}`)

  await admin.disconnect()
}

main().then(
  () => {
    console.log(`${failures === 0 ? 'PASS' : 'FAIL'}: ${failures} failures`)
    process.exit(failures === 0 ? 0 : 1)
  },
  (err) => {
    console.log('FAIL exception: ' + (err && err.stack ? err.stack : err))
    process.exit(1)
  }
)

// kafkajs against a samsa broker: admin (createTopics, fetchTopicMetadata,
// fetchTopicOffsets, listTopics, deleteTopics) and a non-idempotent producer
// with acks -1 and 1, checking the broker's answers and that the high
// watermarks moved by exactly what was produced.
//
// usage: node kafkajs_test.js <host:port>
// Exits 0 if every check passed, 1 otherwise (each failure is printed).
'use strict'

const { Kafka, logLevel, CompressionTypes } = require('kafkajs')

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
  const producer = kafka.producer({ idempotent: false, allowAutoTopicCreation: true })
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

  // Messages without an explicit partition go where kafkajs's partitioner puts them;
  // only the total is known in advance.
  res = await producer.send({
    topic,
    acks: -1,
    messages: Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }))
  })
  const spread = res.reduce((n, r) => n + (r.errorCode === 0 ? 1 : 0), 0)
  check(res.length >= 1 && spread === res.length, `send with default partitioner: ${JSON.stringify(res)}`)

  const after = await offsetsByPartition(admin, topic)
  const highs = [0, 1, 2].map(p => Number((after[p] || {}).high))
  eq([0, 1, 2].map(p => (after[p] || {}).low), ['0', '0', '0'], 'low watermarks after producing')
  const total = highs.reduce((a, b) => a + b, 0)
  eq(total, 10 + 5 + 7 + 4 + 30, 'sum of high watermarks = messages produced')
  check(highs[0] >= 14 && highs[1] >= 5 && highs[2] >= 7,
    `high watermarks ${JSON.stringify(highs)} cover the explicitly placed messages (14, 5, 7)`)

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

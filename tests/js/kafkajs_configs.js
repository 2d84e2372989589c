// kafkajs against a samsa broker: admin describeConfigs, alterConfigs and
// deleteTopicRecords (issue 4), checking values, sources and offsets.
//
// usage: node kafkajs_configs.js <host:port>
// Exits 0 if every check passed, 1 otherwise (each failure is printed).
'use strict'

const { Kafka, logLevel, ConfigResourceTypes, Partitioners } = require('kafkajs')

const bootstrap = process.argv[2]
if (!bootstrap) {
  console.error('usage: node kafkajs_configs.js <host:port>')
  process.exit(2)
}

let failures = 0
function check (cond, what) {
  console.log((cond ? 'ok   ' : 'FAIL ') + what)
  if (!cond) failures++
}
function eq (actual, expected, what) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  check(a === e, `${what}: got ${a}, expected ${e}`)
}

async function topicConfig (admin, topic, names) {
  const r = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }]
  })
  const out = {}
  for (const e of r.resources[0].configEntries) out[e.configName] = e
  return out
}

async function main () {
  const kafka = new Kafka({ clientId: 'kafkajs-configs', brokers: [bootstrap], logLevel: logLevel.NOTHING })
  const admin = kafka.admin()
  await admin.connect()
  const topic = 'kjs-configs-' + Date.now()
  await admin.createTopics({ topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] })

  let cfg = await topicConfig(admin, topic, ['retention.ms', 'cleanup.policy'])
  eq(cfg['retention.ms'].configValue, '3600000', 'describeConfigs: retention.ms set at creation')
  eq(cfg['retention.ms'].isDefault, false, 'describeConfigs: retention.ms is not a default')
  eq(cfg['cleanup.policy'].configValue, 'delete', 'describeConfigs: cleanup.policy default')
  eq(cfg['cleanup.policy'].isDefault, true, 'describeConfigs: cleanup.policy is a default')

  await admin.alterConfigs({
    validateOnly: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.bytes', value: '1000000' }] }]
  })
  cfg = await topicConfig(admin, topic, ['retention.ms', 'retention.bytes'])
  eq(cfg['retention.bytes'].configValue, '1000000', 'alterConfigs: retention.bytes changed')
  eq(cfg['retention.ms'].isDefault, true, 'alterConfigs replaces the overrides: retention.ms back to default')

  let failed = null
  try {
    await admin.alterConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.bytes', value: 'many' }] }]
    })
  } catch (e) { failed = e }
  check(failed !== null && /INVALID_CONFIG|invalid/i.test(String(failed.type || failed.message)), 'alterConfigs: invalid value refused (' + (failed && (failed.type || failed.message)) + ')')

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false })
  await producer.connect()
  for (let i = 0; i < 10; i++) {
    await producer.send({ topic, acks: -1, messages: [{ value: 'm' + i, partition: 0 }, { value: 'n' + i, partition: 1 }] })
  }
  await producer.disconnect()

  await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '4' }, { partition: 1, offset: '-1' }] })
  const offsets = await admin.fetchTopicOffsets(topic)
  const byPart = {}
  for (const o of offsets) byPart[o.partition] = { low: o.low, high: o.high }
  eq(byPart[0], { low: '4', high: '10' }, 'deleteTopicRecords: partition 0 starts at 4')
  eq(byPart[1], { low: '10', high: '10' }, 'deleteTopicRecords: -1 empties partition 1')

  const consumer = kafka.consumer({ groupId: 'kjs-configs-' + Date.now() })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  const seen = []
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out consuming')), 30000)
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        seen.push([partition, Number(message.offset)])
        if (seen.length === 6) { clearTimeout(timer); resolve() }
      }
    })
  })
  await consumer.disconnect()
  seen.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  eq(seen, [[0, 4], [0, 5], [0, 6], [0, 7], [0, 8], [0, 9]], 'a consumer from the beginning starts at the new log start offset')

  await admin.disconnect()
  console.log(`PASS: ${failures} failures`)
  process.exit(failures ? 1 : 0)
}

main().catch(e => { console.log('FAIL exception: ' + (e.stack || e)); process.exit(1) })

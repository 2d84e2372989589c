// kafkajs consumer groups against a samsa broker.
//
// Two consumers of one group on a 4-partition topic: both get partitions (disjoint, together
// all, as the GROUP_JOIN events and admin.describeGroups report), every produced message is
// consumed exactly once, by the member owning its partition, and the committed offsets
// (admin.fetchOffsets) reach the end. One member disconnects: the other takes all four and
// consumes only the new messages. Admin calls on the group: listGroups, describeGroups (state,
// protocol type/protocol, members with decoded assignments), deleteGroups of an active group
// (NON_EMPTY_GROUP), resetOffsets of an active group (refused by kafkajs), resetOffsets earliest
// / latest on the empty group (fetchOffsets then shows '-2' / '-1', as against Apache Kafka;
// a consumer then reads from the beginning; resolveOffsets turns '-1' into the high
// watermarks), setOffsets (a consumer then starts exactly there), deleteGroups of the empty
// group (gone from listGroups, describeGroups says Dead, its offsets are gone), and
// deleteGroups of an unknown group (GROUP_ID_NOT_FOUND).
//
// usage: node kafkajs_groups.js <host:port>
// Exits 0 if every check passed, 1 otherwise (each failure is printed).
'use strict'

const { Kafka, logLevel, Partitioners, AssignerProtocol } = require('kafkajs')

const bootstrap = process.argv[2]
if (!bootstrap) {
  console.error('usage: node kafkajs_groups.js <host:port>')
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
  return cond
}
function eq (actual, expected, what) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  return check(a === e, `${what}: got ${a}, expected ${e}`)
}
class Fatal extends Error {}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
// Wait (bounded) for cond(); a timeout is a failure that ends the run, since later checks
// depend on it.
async function waitFor (cond, timeoutMs, what, diag = () => '') {
  const deadline = Date.now() + timeoutMs
  while (!(await cond())) {
    if (Date.now() > deadline) {
      failures++
      console.log(`FAIL timed out after ${timeoutMs} ms waiting for ${what} ${diag()}`)
      throw new Fatal(what)
    }
    await sleep(50)
  }
  console.log(`ok   ${what}`)
}

const PARTITIONS = 4
const suffix = `${process.pid}-${Date.now()}`
const topic = `kjs-groups-${suffix}`
const groupId = `kjs-group-${suffix}`
const all = [0, 1, 2, 3]
const sortNum = a => a.slice().sort((x, y) => x - y)

const kafka = new Kafka({
  clientId: 'samsa-kafkajs-groups',
  brokers: [bootstrap],
  logLevel: logLevel.WARN,
  retry: { retries: 5, initialRetryTime: 100 },
  connectionTimeout: 5000,
  requestTimeout: 15000
})

// A group member that records what it consumed and its latest assignment.
function member (name, opts = {}) {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 100,
    retry: { retries: 5, initialRetryTime: 100 },
    ...opts
  })
  const m = { name, consumer, msgs: [], assignment: null, memberId: null, joins: 0, connected: false }
  consumer.on(consumer.events.GROUP_JOIN, e => {
    m.assignment = sortNum(e.payload.memberAssignment[topic] || [])
    m.memberId = e.payload.memberId
    m.protocol = e.payload.groupProtocol
    m.joins++
    console.log(`     ${name} joined: member ${e.payload.memberId}, partitions ${JSON.stringify(m.assignment)}`)
  })
  consumer.on(consumer.events.CRASH, e => {
    failures++
    console.log(`FAIL ${name} crashed: ${e.payload.error && e.payload.error.stack}`)
  })
  m.start = async (fromBeginning = true) => {
    await consumer.connect()
    m.connected = true
    await consumer.subscribe({ topic, fromBeginning })
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        m.msgs.push({ partition, offset: Number(message.offset), value: message.value.toString() })
      }
    })
  }
  m.stop = async () => {
    if (m.connected) {
      m.connected = false
      await consumer.disconnect()
    }
  }
  return m
}

// key "partition:offset" -> value
function asMap (msgs) {
  const out = {}
  for (const m of msgs) out[`${m.partition}:${m.offset}`] = m.value
  return out
}
function sameMessages (got, expected, what) {
  const keys = Object.keys(expected).length
  const ok = got.length === keys && JSON.stringify(asMap(got), Object.keys(expected).sort()) ===
    JSON.stringify(expected, Object.keys(expected).sort())
  return check(ok, `${what}: ${got.length} consumed, ${keys} expected, same (partition, offset, value)`)
}

async function produce (producer, perPartition, tag) {
  const messages = []
  for (let i = 0; i < perPartition; i++) {
    for (const p of all) messages.push({ partition: p, value: `${tag}-${p}-${i}` })
  }
  const res = await producer.send({ topic, acks: -1, messages })
  // one result per partition with the base offset of its batch
  const expected = {}
  for (const r of res) {
    check(r.errorCode === 0, `produce to partition ${r.partition}: errorCode ${r.errorCode}`)
    const base = Number(r.baseOffset)
    for (let i = 0; i < perPartition; i++) expected[`${r.partition}:${base + i}`] = `${tag}-${r.partition}-${i}`
  }
  eq(Object.keys(expected).length, perPartition * PARTITIONS, `produced ${tag}`)
  return expected
}

async function offsetsOf (admin, opts = {}) {
  const res = await admin.fetchOffsets({ groupId, topics: [topic], ...opts })
  const t = res.find(x => x.topic === topic)
  const out = {}
  for (const p of (t ? t.partitions : [])) out[p.partition] = p.offset
  return out
}
const uniform = v => ({ 0: v, 1: v, 2: v, 3: v })

async function describe (admin) {
  const { groups } = await admin.describeGroups([groupId])
  eq(groups.length, 1, 'describeGroups returns one group')
  return groups[0]
}

async function main () {
  const admin = kafka.admin()
  await admin.connect()
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
  const members = []
  try {
    eq(await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true }),
      true, 'createTopics')

    // --- two members split the topic ---
    const a = member('a')
    const b = member('b')
    members.push(a, b)
    await a.start()
    await waitFor(() => a.assignment && a.assignment.length === PARTITIONS, 30000,
      'first member assigned all partitions')
    await b.start()
    const split = () => {
      const sa = a.assignment || []
      const sb = b.assignment || []
      return sa.length > 0 && sb.length > 0 &&
        JSON.stringify(sortNum(sa.concat(sb))) === JSON.stringify(all)
    }
    await waitFor(split, 30000, 'two members split the partitions (disjoint, together all)',
      () => `a=${JSON.stringify(a.assignment)} b=${JSON.stringify(b.assignment)}`)
    eq([a.assignment.length, b.assignment.length], [2, 2], 'two partitions each')
    eq(a.protocol, 'RoundRobinAssigner', 'group protocol chosen')

    // the coordinator agrees: Stable, both members, the same assignments
    let g
    await waitFor(async () => { g = await describe(admin); return g.state === 'Stable' && g.members.length === 2 },
      15000, 'describeGroups: Stable with 2 members', () => JSON.stringify(g && g.state))
    eq(g.errorCode, 0, 'describeGroups errorCode')
    eq(g.groupId, groupId, 'describeGroups groupId')
    eq(g.protocolType, 'consumer', 'describeGroups protocolType')
    eq(g.protocol, 'RoundRobinAssigner', 'describeGroups protocol')
    const byId = {}
    for (const mem of g.members) byId[mem.memberId] = mem
    for (const m of [a, b]) {
      const d = byId[m.memberId]
      if (!check(d !== undefined, `describeGroups lists member ${m.name} (${m.memberId})`)) continue
      eq(d.clientId, 'samsa-kafkajs-groups', `member ${m.name} clientId`)
      eq(d.clientHost.replace(/^\//, ''), '127.0.0.1', `member ${m.name} clientHost`)
      const asg = AssignerProtocol.MemberAssignment.decode(d.memberAssignment)
      eq(sortNum(asg.assignment[topic] || []), m.assignment, `member ${m.name} decoded assignment`)
      const md = AssignerProtocol.MemberMetadata.decode(d.memberMetadata)
      eq(md.topics, [topic], `member ${m.name} subscription`)
    }

    const listed = (await admin.listGroups()).groups.filter(x => x.groupId === groupId)
    eq(listed, [{ groupId, protocolType: 'consumer' }], 'listGroups shows the group')

    // --- every message consumed exactly once, by the partition's owner ---
    const joinsBefore = [a.joins, b.joins]
    const first = await produce(producer, 50, 'one')
    await waitFor(() => a.msgs.length + b.msgs.length >= 200, 30000, 'all 200 messages consumed',
      () => `a=${a.msgs.length} b=${b.msgs.length}`)
    await sleep(800) // duplicates would show up now
    sameMessages(a.msgs.concat(b.msgs), first, 'two members consumed every message once')
    eq(sortNum([...new Set(a.msgs.map(m => m.partition))]), a.assignment, 'member a read only its partitions')
    eq(sortNum([...new Set(b.msgs.map(m => m.partition))]), b.assignment, 'member b read only its partitions')
    eq([a.joins, b.joins], joinsBefore, 'no rebalance while consuming')
    let offs
    await waitFor(async () => { offs = await offsetsOf(admin); return JSON.stringify(offs) === JSON.stringify(uniform('50')) },
      15000, 'fetchOffsets: committed offsets reach 50 everywhere', () => JSON.stringify(offs))

    // an active group can be neither deleted nor reset
    try {
      await admin.deleteGroups([groupId])
      check(false, 'deleteGroups of an active group fails')
    } catch (e) {
      const ge = (e.groups || []).find(x => x.groupId === groupId)
      check(e.name === 'KafkaJSDeleteGroupsError' && ge && ge.error && ge.error.type === 'NON_EMPTY_GROUP',
        `deleteGroups of an active group fails with NON_EMPTY_GROUP (${e.name}: ${ge && ge.error && ge.error.type})`)
    }
    try {
      await admin.resetOffsets({ groupId, topic, earliest: true })
      check(false, 'resetOffsets of an active group is refused')
    } catch (e) {
      check(/must have no running instances, current state: Stable/.test(e.message),
        `resetOffsets of an active group is refused: ${e.message}`)
    }

    // --- one member leaves: the other takes over everything ---
    await b.stop()
    await waitFor(() => JSON.stringify(a.assignment) === JSON.stringify(all), 30000,
      'remaining member assigned all partitions after the other disconnected',
      () => JSON.stringify(a.assignment))
    await waitFor(async () => { g = await describe(admin); return g.state === 'Stable' && g.members.length === 1 },
      15000, 'describeGroups: Stable with 1 member', () => JSON.stringify(g && [g.state, g.members.length]))
    eq(g.members[0].memberId, a.memberId, 'the remaining member is a')
    const aBefore = a.msgs.length
    const second = await produce(producer, 10, 'two')
    await waitFor(() => a.msgs.length - aBefore >= 40, 30000, 'the new messages consumed by the remaining member')
    await sleep(800)
    sameMessages(a.msgs.slice(aBefore), second, 'after takeover: exactly the new messages')
    await waitFor(async () => { offs = await offsetsOf(admin); return JSON.stringify(offs) === JSON.stringify(uniform('60')) },
      15000, 'fetchOffsets: committed offsets reach 60', () => JSON.stringify(offs))
    await a.stop()
    g = await describe(admin)
    eq([g.state, g.members.length], ['Empty', 0], 'describeGroups after every member left')
    eq([g.protocolType, g.protocol], ['consumer', ''], 'an empty group keeps its protocol type, has no protocol')

    // --- resetOffsets / setOffsets on the empty group ---
    await admin.resetOffsets({ groupId, topic, earliest: true })
    eq(await offsetsOf(admin), uniform('-2'), 'fetchOffsets after resetOffsets earliest')
    const c = member('c')
    members.push(c)
    await c.start(true)
    await waitFor(() => c.msgs.length >= 240, 30000, 'a member after the earliest reset reads everything again',
      () => `${c.msgs.length} of 240`)
    await sleep(500)
    sameMessages(c.msgs, { ...first, ...second }, 'after the earliest reset: every message from the start')
    await waitFor(async () => { offs = await offsetsOf(admin); return JSON.stringify(offs) === JSON.stringify(uniform('60')) },
      15000, 'fetchOffsets: committed offsets back at 60', () => JSON.stringify(offs))
    await c.stop()

    await admin.resetOffsets({ groupId, topic })
    eq(await offsetsOf(admin), uniform('-1'), 'fetchOffsets after resetOffsets latest')
    eq(await offsetsOf(admin, { resolveOffsets: true }), uniform('60'),
      'fetchOffsets resolveOffsets turns latest into the high watermarks')
    eq(await offsetsOf(admin), uniform('60'), 'the resolved offsets were committed')

    const target = { 0: 0, 1: 5, 2: 59, 3: 60 }
    await admin.setOffsets({ groupId, topic, partitions: all.map(p => ({ partition: p, offset: String(target[p]) })) })
    eq(await offsetsOf(admin), { 0: '0', 1: '5', 2: '59', 3: '60' }, 'fetchOffsets after setOffsets')
    const d = member('d')
    members.push(d)
    await d.start(false)
    const want = {}
    for (const [k, v] of Object.entries({ ...first, ...second })) {
      const [p, o] = k.split(':').map(Number)
      if (o >= target[p]) want[k] = v
    }
    const nwant = Object.keys(want).length
    await waitFor(() => d.msgs.length >= nwant, 30000, 'a member after setOffsets reads from the set offsets',
      () => `${d.msgs.length} of ${nwant}`)
    await sleep(500)
    sameMessages(d.msgs, want, 'after setOffsets: exactly the messages from the set offsets on')
    await d.stop()

    // --- deleteGroups ---
    g = await describe(admin)
    eq(g.state, 'Empty', 'group empty before delete')
    const res = await admin.deleteGroups([groupId])
    eq(res.map(r => [r.groupId, r.errorCode]), [[groupId, 0]], 'deleteGroups of the empty group')
    const after = (await admin.listGroups()).groups.filter(x => x.groupId === groupId)
    eq(after, [], 'listGroups no longer shows the deleted group')
    g = await describe(admin)
    eq([g.errorCode, g.state, g.members.length], [0, 'Dead', 0], 'describeGroups of the deleted group')
    eq(await offsetsOf(admin), uniform('-1'), 'fetchOffsets of the deleted group: no offsets')
    try {
      await admin.deleteGroups([groupId])
      check(false, 'deleteGroups of a deleted group fails')
    } catch (e) {
      const ge = (e.groups || []).find(x => x.groupId === groupId)
      check(ge && ge.error && ge.error.type === 'GROUP_ID_NOT_FOUND',
        `deleteGroups of a deleted group fails with GROUP_ID_NOT_FOUND (${e.name}: ${ge && ge.error && ge.error.type})`)
    }
  } finally {
    for (const m of members) await m.stop().catch(e => console.log(`     ${m.name} disconnect: ${e.message}`))
    await producer.disconnect()
    await admin.disconnect()
  }
}

const overall = setTimeout(() => {
  console.log('FAIL overall time limit (150 s) reached')
  process.exit(1)
}, 150000)

main()
  .catch(e => {
    if (!(e instanceof Fatal)) {
      failures++
      console.log('FAIL unexpected error: ' + (e && e.stack))
    }
  })
  .then(() => {
    clearTimeout(overall)
    console.log(failures === 0 ? 'PASS: 0 failures' : `FAILED: ${failures} failures`)
    process.exit(failures === 0 ? 0 : 1)
  })

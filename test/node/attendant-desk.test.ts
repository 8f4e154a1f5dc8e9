/**
 * The attendant desk across two proxy instances sharing one store and one event bus: the board,
 * calls (first to answer wins), signaling to the holder only, ring-out, and the audit trail's scope.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Call } from '../../src/core/attendant/calls.js';
import { CallError, RING_TIMEOUT_MS } from '../../src/core/attendant/calls.js';
import type { BoardLane, LaneReport } from '../../src/core/attendant/lane-board.js';
import { LANE_SILENCE_MS } from '../../src/core/attendant/lane-board.js';
import type { RemoteActionReport, StaffAccount } from '../../src/core/attendant/staff-access.js';
import { AuditLog } from '../../src/proxy/attendant/audit-log.js';
import { CallDesk, INSTANCE_LEASE_MS, type CallSignal, type ToLane } from '../../src/proxy/attendant/call-desk.js';
import { LaneBoardHub } from '../../src/proxy/attendant/lane-board-hub.js';
import { LocalEventBus } from '../../src/proxy/state/event-bus.js';
import { MemoryStateStore } from '../../src/proxy/state/store.js';

const zhang: StaffAccount = { id: 'zhang', name: '张三', role: 'attendant', lots: ['lot-a'] };
const li: StaffAccount = { id: 'li', name: '李四', role: 'attendant', lots: ['lot-a'] };
const zhao: StaffAccount = { id: 'zhao', name: '赵六', role: 'attendant', lots: ['lot-b'] };
const wang: StaffAccount = { id: 'wang', name: '王五', role: 'supervisor', lots: ['lot-a', 'lot-b'] };

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** Two proxy instances: one store, one bus, one clock the test moves. */
async function twoInstances() {
  const clock = { now: Date.UTC(2026, 11, 3, 2) };
  const now = () => clock.now;
  const store = new MemoryStateStore(now);
  const bus = new LocalEventBus();
  const audit = new AuditLog(store, now);
  /** What each lane's kiosk received over its own stream. */
  const toLanes: Array<{ laneId: string; message: Parameters<ToLane>[2] }> = [];
  const toLane: ToLane = async (_lotId, laneId, message) => void toLanes.push({ laneId, message: structuredClone(message) });
  const make = async () => {
    const desk = await CallDesk.open(store, bus, audit, toLane, now);
    const board = new LaneBoardHub(bus, now);
    closers.push(() => desk.close(), () => board.close());
    return { desk, board };
  };
  return { clock, store, bus, audit, toLane, toLanes, now, a: await make(), b: await make() };
}

const report = (over: Partial<LaneReport> = {}): Omit<LaneReport, 'seenAt'> => ({
  lotId: 'lot-a',
  laneId: 'exit-1',
  lotName: '示范停车场',
  laneName: '1号出口',
  screen: 'quoted',
  plate: '沪A12345',
  dueFen: 1500,
  screenSince: Date.UTC(2026, 11, 3, 2),
  printer: 'ok',
  scanner: 'ok',
  gate: 'ok',
  outbox: { depth: 0, deadLetters: 0 },
  clockSkewMs: 0,
  ...over,
});

test('board: a report on instance A reaches a console on instance B; other lots see nothing; a silent lane turns offline once', async () => {
  const { clock, a, b } = await twoInstances();
  const seenByLi: BoardLane[] = [];
  const seenByZhao: BoardLane[] = [];
  b.board.watch(li, (lane) => seenByLi.push(lane));
  b.board.watch(zhao, (lane) => seenByZhao.push(lane));
  await a.board.report(report());
  await a.board.report(report()); // a heartbeat: nothing new to show
  assert.deepEqual(seenByLi.map((l) => [l.laneId, l.screen, l.plate]), [['exit-1', 'quoted', '沪A12345']]);
  assert.deepEqual(b.board.boardFor(li).map((l) => l.laneId), ['exit-1']);
  assert.deepEqual(b.board.boardFor(zhao), []);
  assert.deepEqual(seenByZhao, []);

  clock.now += LANE_SILENCE_MS + 1;
  b.board.sweep();
  b.board.sweep();
  assert.deepEqual(seenByLi.map((l) => l.screen), ['quoted', 'offline']);
  await a.board.report(report());
  assert.deepEqual(seenByLi.map((l) => l.screen), ['quoted', 'offline', 'quoted'], 'back from silence is news');
});

test('board: heartbeats refresh the instance that got them at once and reach the others in one bus message a second, not one each', async () => {
  const { clock, bus, a, b } = await twoInstances();
  let published = 0;
  const publish = bus.publish.bind(bus);
  bus.publish = (message) => (published++, publish(message));
  const lanes = Array.from({ length: 100 }, (_, i) => report({ laneId: `exit-${i}` }));
  for (const lane of lanes) await a.board.report(lane);
  assert.equal(published, 100, 'each new lane is news, at once');
  clock.now += LANE_SILENCE_MS - 1_000;
  for (const lane of lanes) await a.board.report(lane);
  assert.equal(published, 100, 'heartbeats wait for the batch');
  await a.board.shareSeen();
  assert.equal(published, 101, 'one message for 100 heartbeats');
  clock.now += 2_000; // past the first reports' silence limit, not the heartbeats'
  for (const hub of [a.board, b.board]) assert.deepEqual(new Set(hub.boardFor(wang).map((l) => l.screen)), new Set(['quoted']), 'no lane offline on either instance');
  await a.board.report(report({ laneId: 'exit-7', screen: 'paying' }));
  assert.equal(published, 102, 'a change does not wait');
});

test('board: a lane\'s word on a remote action, reported on instance A, reaches the consoles of its lot on instance B only', async () => {
  const { a, b } = await twoInstances();
  const heardByLi: RemoteActionReport[] = [];
  const heardByZhao: RemoteActionReport[] = [];
  b.board.watchOutcomes(li, (outcome) => heardByLi.push(outcome));
  const stopZhao = b.board.watchOutcomes(zhao, (outcome) => heardByZhao.push(outcome));
  const released: RemoteActionReport = { lotId: 'lot-a', laneId: 'exit-1', actionId: 'a-1', kind: 'release', outcome: 'no-car', by: 'zhang' };
  await a.board.reportOutcome(released);
  assert.deepEqual(heardByLi, [released]);
  assert.deepEqual(heardByZhao, [], 'another lot\'s attendant hears nothing');
  stopZhao();
  await a.board.reportOutcome({ ...released, lotId: 'lot-b', actionId: 'b-1' });
  assert.deepEqual(heardByZhao, [], 'nothing after the unsubscribe');
  assert.equal(heardByLi.length, 1);
});

function recorder() {
  const calls: Call[] = [];
  const signals: CallSignal[] = [];
  return { calls, signals, listener: { onCall: (c: Call) => calls.push(c), onSignal: (_: string, s: CallSignal) => signals.push(s) } };
}

test('calls: a ring reaches consoles on both instances; the first to answer takes it, the second is told who; signals reach the holder only', async () => {
  const { a, b, audit, toLanes } = await twoInstances();
  const [onA, onB, otherLot] = [recorder(), recorder(), recorder()];
  a.desk.listen(zhang, onA.listener);
  b.desk.listen(li, onB.listener);
  b.desk.listen(zhao, otherLot.listener);
  const lane = {
    get calls() {
      return toLanes.flatMap(({ message }) => (message.type === 'call' ? [message.call] : []));
    },
    get signals() {
      return toLanes.flatMap(({ message }) => (message.type === 'call-signal' ? [message.signal] : []));
    },
  };

  const call = await a.desk.ring('lot-a', 'exit-1');
  assert.deepEqual([onA.calls.at(-1)?.state, onB.calls.at(-1)?.state, otherLot.calls.length], ['ringing', 'ringing', 0]);
  const [first, second] = await Promise.allSettled([b.desk.answer(li, call.callId), a.desk.answer(zhang, call.callId)]);
  assert.equal(first.status, 'fulfilled');
  assert.equal(second.status, 'rejected');
  const refusal = (second as PromiseRejectedResult).reason as CallError;
  assert.deepEqual([refusal.code, refusal.answeredBy], ['already-answered', 'li']);
  assert.deepEqual([onA.calls.at(-1)?.state, onA.calls.at(-1)?.answeredBy], ['answered', 'li'], 'the others see who took it');
  assert.equal(lane.calls.at(-1)?.state, 'answered');

  await b.desk.signal({ side: 'console', account: li }, call.callId, { type: 'offer', body: { sdp: 'v=0' } });
  await a.desk.signal({ side: 'lane', lotId: 'lot-a', laneId: 'exit-1' }, call.callId, { type: 'answer', body: { sdp: 'v=0 answer' } });
  assert.deepEqual(lane.signals.map((s) => s.type), ['offer']);
  assert.deepEqual(onB.signals.map((s) => s.type), ['answer']);
  assert.deepEqual(onA.signals, [], 'an attendant who lost the race hears nothing');
  await assert.rejects(a.desk.signal({ side: 'console', account: zhang }, call.callId, { type: 'candidate', body: {} }), CallError);
  await assert.rejects(a.desk.signal({ side: 'lane', lotId: 'lot-a', laneId: 'exit-2' }, call.callId, { type: 'candidate', body: {} }), CallError);

  const ended = await a.desk.end(call.callId, 'hung-up-by-lane', null);
  assert.equal(ended?.state, 'ended');
  assert.equal((await b.desk.end(call.callId, 'hung-up-by-staff', li))?.endReason, 'hung-up-by-lane', 'ending twice keeps the first end');
  const kinds = (await audit.query(wang, {})).map((r) => [r.kind, r.staffId]);
  assert.deepEqual(kinds, [['call-rung', null], ['call-answered', 'li'], ['call-ended', 'li']]);
});

test('calls: nobody answers in 60 s: the call rings out once, on whichever instance sweeps first, and cannot be answered', async () => {
  const { clock, a, b, audit, toLanes } = await twoInstances();
  const call = await a.desk.ring('lot-a', 'exit-1');
  clock.now += RING_TIMEOUT_MS;
  await Promise.all([a.desk.ringOut(), b.desk.ringOut()]);
  const toLane = toLanes.flatMap(({ message }) => (message.type === 'call' ? [message.call.state] : []));
  assert.deepEqual(toLane, ['ringing', 'unanswered'], 'the lane hears it rang out, once');
  await assert.rejects(b.desk.answer(li, call.callId), (e: unknown) => e instanceof CallError && e.code === 'ring-timed-out');
  assert.deepEqual((await audit.query(wang, {})).map((r) => r.kind), ['call-rung', 'call-unanswered']);
  assert.deepEqual(a.desk.callsFor(zhang).map((c) => c.state), ['unanswered'], 'a console that reconnects learns the call rang out');
});

test('calls: an attendant cannot answer or end a call of a lot they do not see', async () => {
  const { a } = await twoInstances();
  const call = await a.desk.ring('lot-a', 'exit-1');
  await assert.rejects(a.desk.answer(zhao, call.callId), CallError);
  await assert.rejects(a.desk.end(call.callId, 'hung-up-by-staff', zhao), CallError);
  assert.deepEqual(a.desk.callsFor(zhao), []);
  assert.deepEqual(a.desk.callsFor(zhang).map((c) => c.callId), [call.callId]);
});

test('calls: an instance stopped in order ends the calls rung through it as proxy-restarted, on both sides, and audits it', async () => {
  const { a, b, audit, toLanes } = await twoInstances();
  const call = await a.desk.ring('lot-a', 'exit-1');
  await b.desk.answer(li, call.callId);
  const seen: Call[] = [];
  b.desk.listen(li, { onCall: (c) => seen.push(c), onSignal: () => {} });
  await a.desk.shutdown();
  assert.deepEqual([seen.at(-1)?.state, seen.at(-1)?.endReason], ['ended', 'proxy-restarted'], 'the console on the other instance');
  const last = toLanes.at(-1)!.message;
  assert.ok(last.type === 'call' && last.call.state === 'ended' && last.call.endReason === 'proxy-restarted', 'the lane');
  assert.deepEqual(b.desk.callsFor(li).map((c) => [c.callId, c.endReason]), [[call.callId, 'proxy-restarted']], 'a console reconnecting to B learns it');
  assert.deepEqual((await audit.query(wang, {})).at(-1)!.reason, 'proxy-restarted');
});

test('calls: when the instance a call rang through dies, its lease lapses and another instance (or its restart) ends the call, once', async () => {
  const { clock, store, bus, audit, toLane, toLanes, now, a, b } = await twoInstances();
  const call = await a.desk.ring('lot-a', 'exit-1');
  await b.desk.answer(li, call.callId);
  a.desk.close(); // killed: no shutdown, its lease stays until it lapses
  await b.desk.endOrphans();
  assert.equal((await b.desk.get(call.callId))?.state, 'answered', 'a live lease keeps the call');
  clock.now += INSTANCE_LEASE_MS + 1;
  const restarted = await CallDesk.open(store, bus, audit, toLane, now);
  closers.push(() => restarted.close());
  assert.deepEqual(restarted.callsFor(li).map((c) => c.state), ['answered'], 'the restart reads the live call back from the store');
  await Promise.all([b.desk.endOrphans(), restarted.endOrphans()]);
  assert.deepEqual([(await b.desk.get(call.callId))?.state, (await b.desk.get(call.callId))?.endReason], ['ended', 'proxy-restarted']);
  const ends = toLanes.filter(({ message }) => message.type === 'call' && message.call.state === 'ended');
  assert.equal(ends.length, 1, 'the lane hears it once');
});

test('audit: each attendant reads their lots and their own sign-ins; a supervisor also reads every sign-in; days are kept apart', async () => {
  const { clock, audit } = await twoInstances();
  await audit.record({ kind: 'sign-in', staffId: 'zhang', lotId: null, laneId: null, subject: null, reason: null, detail: {} });
  await audit.record({ kind: 'sign-in', staffId: 'zhao', lotId: null, laneId: null, subject: null, reason: null, detail: {} });
  await audit.record({ kind: 'remote-action', staffId: 'zhao', lotId: 'lot-b', laneId: 'exit-9', subject: 'reset', reason: '屏幕卡住', detail: {} });
  clock.now += 86_400_000;
  await audit.record({ kind: 'remote-action', staffId: 'zhang', lotId: 'lot-a', laneId: 'exit-1', subject: 'reprint', reason: '卡纸', detail: {} });
  const ids = async (who: StaffAccount, filter = {}) => (await audit.query(who, filter)).map((r) => `${r.kind}:${r.staffId}`);
  assert.deepEqual(await ids(zhang, { from: clock.now - 2 * 86_400_000 }), ['sign-in:zhang', 'remote-action:zhang']);
  assert.deepEqual(await ids(zhao, { from: clock.now - 2 * 86_400_000 }), ['sign-in:zhao', 'remote-action:zhao']);
  assert.deepEqual(await ids(wang, { from: clock.now - 2 * 86_400_000 }), ['sign-in:zhang', 'sign-in:zhao', 'remote-action:zhao', 'remote-action:zhang']);
  assert.deepEqual(await ids(wang), ['remote-action:zhang'], 'by default the last day');
});

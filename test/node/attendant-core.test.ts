/** The remote attendant's pure rules: the lane board, calls, who may do what, and the audit export. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditCsv, filterAudit, type AuditRecord } from '../../src/core/attendant/audit.js';
import { answerCall, callAt, CallError, endCall, ringCall, RING_TIMEOUT_MS, talkMs } from '../../src/core/attendant/calls.js';
import { boardChanged, boardLane, boardScreenOf, gateHealthOf, LANE_SILENCE_MS, newlySilent, printerHealthOf, type LaneReport } from '../../src/core/attendant/lane-board.js';
import { denialOf, type StaffAccount } from '../../src/core/attendant/staff-access.js';

const report = (over: Partial<LaneReport> = {}): LaneReport => ({
  lotId: 'lot-a',
  laneId: 'exit-1',
  lotName: '示范停车场',
  laneName: '1号出口',
  screen: 'quoted',
  plate: '沪A12345',
  dueFen: 1500,
  screenSince: 1_000,
  printer: 'ok',
  scanner: 'ok',
  gate: 'none',
  outbox: { depth: 0, deadLetters: 0 },
  clockSkewMs: 120,
  seenAt: 2_000,
  ...over,
});

test('board: a lane shows its reported screen and how long it has been there; silent past 15 s it is offline', () => {
  assert.deepEqual(
    { screen: boardLane(report(), 5_000).screen, inScreenMs: boardLane(report(), 5_000).inScreenMs },
    { screen: 'quoted', inScreenMs: 4_000 },
  );
  assert.equal(boardLane(report(), 2_000 + LANE_SILENCE_MS).screen, 'quoted', 'exactly at the limit it is still live');
  const silent = boardLane(report(), 2_001 + LANE_SILENCE_MS);
  assert.deepEqual({ screen: silent.screen, inScreenMs: silent.inScreenMs }, { screen: 'offline', inScreenMs: LANE_SILENCE_MS + 1 });
});

test('board: the machine states a driver passes quickly count as the screen they lead to', () => {
  assert.deepEqual(
    (['idle', 'identifying', 'authenticating', 'auth-waiting', 'quoted', 'paying', 'paid', 'farewell', 'error'] as const).map(boardScreenOf),
    ['idle', 'idle', 'idle', 'idle', 'quoted', 'paying', 'paid', 'paid', 'error'],
  );
});

test('board: a heartbeat that changes nothing is not pushed; any visible change, or a clock skew moving by a second, is', () => {
  const base = report();
  assert.equal(boardChanged(undefined, base), true);
  assert.equal(boardChanged(base, report({ seenAt: 9_000 })), false);
  assert.equal(boardChanged(base, report({ clockSkewMs: 900 })), false);
  assert.equal(boardChanged(base, report({ clockSkewMs: 1_120 })), true);
  assert.equal(boardChanged(base, report({ clockSkewMs: null })), true);
  // The proxy works screenSince out from the age the kiosk reports: each heartbeat's is off by the network's jitter.
  assert.equal(boardChanged(base, report({ screenSince: base.screenSince + 40 })), false, 'a heartbeat 40 ms slower on the wire');
  assert.equal(boardChanged(base, report({ screenSince: base.screenSince + 5_000 })), true, 'the screen was entered again');
  for (const change of [{ screen: 'paying' }, { plate: null }, { dueFen: 0 }, { printer: 'paper-out' }, { gate: 'fault' }, { outbox: { depth: 0, deadLetters: 1 } }] as const) {
    assert.equal(boardChanged(base, report(change as Partial<LaneReport>)), true, JSON.stringify(change));
  }
});

test('board: printer and gate health from the drivers\' status', () => {
  const ready = { connected: true, online: true, coverOpen: false, paperEnd: false, paperNearEnd: false, error: false, stalled: false };
  assert.deepEqual(
    [null, { ...ready, connected: false }, ready, { ...ready, paperNearEnd: true }, { ...ready, paperEnd: true, coverOpen: true }, { ...ready, coverOpen: true }, { ...ready, stalled: true }, { ...ready, error: true }].map(printerHealthOf),
    ['offline', 'offline', 'ok', 'paper-low', 'paper-out', 'fault', 'fault', 'fault'],
  );
  assert.deepEqual(([null, 'ok', 'offline', 'error'] as const).map(gateHealthOf), ['none', 'ok', 'offline', 'fault']);
});

test('board: each silent lane turns offline in exactly one sweep', () => {
  const lanes = [report({ laneId: 'a', seenAt: 0 }), report({ laneId: 'b', seenAt: 3_000 })];
  const sweeps = [10_000, 15_500, 16_000, 18_500, 30_000];
  const seen: string[][] = [];
  let previous = 0;
  for (const now of sweeps) {
    seen.push(newlySilent(lanes, previous, now).map((r) => r.laneId));
    previous = now;
  }
  assert.deepEqual(seen, [[], ['a'], [], ['b'], []]);
});

test('calls: the first attendant to answer takes the call; the second is told who did', () => {
  const call = ringCall('c1', 'lot-a', 'exit-1', 0);
  const taken = answerCall(call, 'zhang', 5_000);
  assert.deepEqual({ state: taken.state, by: taken.answeredBy }, { state: 'answered', by: 'zhang' });
  assert.throws(() => answerCall(taken, 'li', 6_000), (e: unknown) => e instanceof CallError && e.code === 'already-answered' && e.answeredBy === 'zhang');
  const ended = endCall(taken, 'hung-up-by-staff', 65_000);
  assert.equal(talkMs(ended), 60_000);
  assert.throws(() => endCall(ended, 'hung-up-by-lane', 70_000), (e: unknown) => e instanceof CallError && e.code === 'already-ended');
});

test('calls: a call nobody answers in 60 s is unanswered and cannot be answered after', () => {
  const call = ringCall('c2', 'lot-a', 'exit-1', 1_000);
  assert.equal(callAt(call, 1_000 + RING_TIMEOUT_MS - 1).state, 'ringing');
  const rangOut = callAt(call, 1_000 + RING_TIMEOUT_MS);
  assert.deepEqual({ state: rangOut.state, endedAt: rangOut.endedAt }, { state: 'unanswered', endedAt: 1_000 + RING_TIMEOUT_MS });
  assert.throws(() => answerCall(call, 'zhang', 1_000 + RING_TIMEOUT_MS), (e: unknown) => e instanceof CallError && e.code === 'ring-timed-out');
  assert.equal(talkMs(rangOut), null);
});

const attendant: StaffAccount = { id: 'zhang', name: '张三', role: 'attendant', lots: ['lot-a'] };
const supervisor: StaffAccount = { id: 'wang', name: '王五', role: 'supervisor', lots: ['lot-a', 'lot-b'] };

test('access: lots are scoped, every action needs a reason, a release above the limit needs a supervisor', () => {
  assert.equal(denialOf(attendant, { kind: 'reprint', lotId: 'lot-a', reason: '打印机卡纸' }, 5_000), null);
  assert.equal(denialOf(attendant, { kind: 'reprint', lotId: 'lot-b', reason: '打印机卡纸' }, 5_000)?.code, 'lot-not-allowed');
  assert.equal(denialOf(attendant, { kind: 'reset', lotId: 'lot-a', reason: ' 好 ' }, 5_000)?.code, 'reason-required');
  assert.equal(denialOf(attendant, { kind: 'release', lotId: 'lot-a', reason: '设备故障', amountFen: 5_000 }, 5_000), null, 'at the limit');
  assert.equal(denialOf(attendant, { kind: 'release', lotId: 'lot-a', reason: '设备故障', amountFen: 5_001 }, 5_000)?.code, 'supervisor-required');
  assert.equal(denialOf(supervisor, { kind: 'release', lotId: 'lot-a', reason: '设备故障', amountFen: 90_000 }, 5_000), null);
  assert.equal(denialOf(attendant, { kind: 'release', lotId: 'lot-a', reason: '设备故障', amountFen: 90_000 }, null), null, 'no limit set');
  // Letting a ¥200 car out for nothing is a ¥200 release.
  assert.equal(denialOf(attendant, { kind: 'release', lotId: 'lot-a', reason: '设备故障', amountFen: 0, dueFen: 20_000 }, 5_000)?.code, 'supervisor-required');
  assert.equal(denialOf(attendant, { kind: 'release', lotId: 'lot-a', reason: '设备故障', amountFen: 0, dueFen: 1_500 }, 5_000), null);
  assert.equal(denialOf(attendant, { kind: 'release', lotId: 'lot-a', reason: '平台故障', amountFen: 0, dueFen: null }, 5_000), null, 'no fee on screen: what was collected decides');
});

const record = (over: Partial<AuditRecord>): AuditRecord => ({
  id: 1,
  at: Date.UTC(2026, 11, 3, 4, 5, 6),
  kind: 'remote-action',
  staffId: 'zhang',
  lotId: 'lot-a',
  laneId: 'exit-1',
  subject: 'release',
  reason: '设备故障',
  detail: { plate: '沪A12345', amountFen: 1500 },
  ...over,
});

test('audit: filters by time, kind, staff, lots and lane', () => {
  const records = [
    record({ id: 1 }),
    record({ id: 2, kind: 'sign-in', laneId: null, subject: null, reason: null, detail: {} }),
    record({ id: 3, lotId: 'lot-b', staffId: 'wang', at: Date.UTC(2026, 11, 4) }),
  ];
  assert.deepEqual(filterAudit(records, { kinds: ['remote-action'] }).map((r) => r.id), [1, 3]);
  assert.deepEqual(filterAudit(records, { lotIds: ['lot-a'] }).map((r) => r.id), [1, 2]);
  assert.deepEqual(filterAudit(records, { staffId: 'wang' }).map((r) => r.id), [3]);
  assert.deepEqual(filterAudit(records, { to: Date.UTC(2026, 11, 4) }).map((r) => r.id), [1, 2]);
  assert.deepEqual(filterAudit(records, { laneId: 'exit-1', from: Date.UTC(2026, 11, 4) }).map((r) => r.id), [3]);
});

test('audit CSV: RFC 4180 quoting, Beijing times, and a reason typed as a formula stays text', () => {
  const csv = auditCsv([record({}), record({ id: 2, reason: '=HYPERLINK("http://x","点我")', detail: { note: 'a,b' } })]);
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'id,time,kind,staff,lot,lane,subject,reason,detail');
  assert.equal(lines[1], '1,2026-12-03T12:05:06+08:00,remote-action,zhang,lot-a,exit-1,release,设备故障,plate=沪A12345; amountFen=1500');
  assert.equal(lines[2], `2,2026-12-03T12:05:06+08:00,remote-action,zhang,lot-a,exit-1,release,"'=HYPERLINK(""http://x"",""点我"")",note=a,b`.replace('note=a,b', '"note=a,b"'));
  assert.equal(lines.at(-1), '', 'ends with CRLF');
});

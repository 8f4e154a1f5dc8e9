/**
 * The console API over real HTTP on 127.0.0.1: sign-in with cookies, rate-limited attempts, lot
 * scoping over HTTP and SSE, supervisor limits, first-answer-wins, and the audit CSV.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import FindMyWay from 'find-my-way';
import { AuditLog } from '../../src/proxy/attendant/audit-log.js';
import { CallDesk } from '../../src/proxy/attendant/call-desk.js';
import type { ConfiguredStaff, RemoteActionCommand } from '../../src/core/attendant/staff-access.js';
import { ConsoleApi } from '../../src/proxy/attendant/console-api.js';
import { consoleRoutes } from '../../src/proxy/attendant/console-routes.js';
import { LaneBoardHub } from '../../src/proxy/attendant/lane-board-hub.js';
import { hashPassword } from '../../src/proxy/attendant/passwords.js';
import { ConsoleSessions } from '../../src/proxy/attendant/sessions.js';
import { SentActions } from '../../src/proxy/attendant/sent-actions.js';
import { SignInGuard } from '../../src/proxy/attendant/sign-in-guard.js';
import { ApiError } from '../../src/proxy/errors.js';
import { sendError } from '../../src/proxy/http.js';
import { LocalEventBus } from '../../src/proxy/state/event-bus.js';
import { MemoryStateStore } from '../../src/proxy/state/store.js';

const COST = { log2N: 14, r: 8, p: 1 };
const sent: Array<{ lotId: string; laneId: string; command: RemoteActionCommand }> = [];
let base = '';
let server: Server;
let calls: CallDesk;
let board: LaneBoardHub;

before(async () => {
  const store = new MemoryStateStore();
  const bus = new LocalEventBus();
  const audit = new AuditLog(store);
  calls = await CallDesk.open(store, bus, audit, async () => {});
  board = new LaneBoardHub(bus);
  const staff = new Map<string, ConfiguredStaff>();
  for (const [id, role, lots] of [['zhang', 'attendant', ['lot-a']], ['li', 'attendant', ['lot-a']], ['zhao', 'attendant', ['lot-b']], ['sun', 'attendant', ['lot-a']], ['wang', 'supervisor', ['lot-a', 'lot-b']]] as const) {
    staff.set(id, { id, name: id, role, lots, passwordHash: await hashPassword(`${id}-password`, COST) });
  }
  const api = new ConsoleApi({
    staff,
    sessions: new ConsoleSessions(store),
    signInGuard: new SignInGuard(store),
    board,
    calls,
    audit,
    sentActions: new SentActions(store),
    supervisorLimitFen: (lotId) => (lotId === 'lot-a' ? 5_000 : null),
    laneExists: (lotId, laneId) => (lotId === 'lot-a' && laneId === 'exit-1') || (lotId === 'lot-b' && laneId === 'exit-9'),
    sendToLane: async (lotId, laneId, command) => void sent.push({ lotId, laneId, command }),
    isSecure: () => false,
    clientAddress: (req) => String(req.headers['x-test-address'] ?? req.socket.remoteAddress),
  });
  const router = FindMyWay();
  for (const route of consoleRoutes(api)) {
    router.on(route.method, route.path, (req, res, params) => {
      route.handler(req, res, params).catch((error: unknown) => {
        if (error instanceof ApiError) sendError(res, error.status, error.code, error.message);
        else sendError(res, 500, 'internal', String(error));
      });
    });
  }
  server = createServer((req, res) => router.lookup(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  calls.close();
  board.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function call(path: string, init: RequestInit & { cookie?: string } = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(base + path, { ...init, headers: { 'content-type': 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers as Record<string, string>) } });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, headers: response.headers };
}

async function signIn(id: string, address = '10.0.0.1'): Promise<string> {
  const answer = await call('/console/api/sign-in', { method: 'POST', body: JSON.stringify({ staffId: id, password: `${id}-password` }), headers: { 'x-test-address': address } });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const cookie = answer.headers.get('set-cookie')!;
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  return cookie.split(';')[0]!;
}

test('sign-in gives an HttpOnly SameSite=Strict cookie; a wrong password or unknown id is one refusal; sign-out ends the session', async () => {
  const cookie = await signIn('zhang');
  assert.deepEqual((await call('/console/api/me', { cookie })).body.staff, { id: 'zhang', name: 'zhang', role: 'attendant', lots: ['lot-a'] });
  for (const body of [{ staffId: 'zhang', password: 'nope' }, { staffId: 'nobody', password: 'nope' }]) {
    const refused = await call('/console/api/sign-in', { method: 'POST', body: JSON.stringify(body), headers: { 'x-test-address': '10.0.0.2' } });
    assert.deepEqual([refused.status, refused.body.error.code], [401, 'bad-credentials']);
  }
  assert.equal((await call('/console/api/sign-out', { method: 'POST', cookie })).status, 204);
  assert.equal((await call('/console/api/me', { cookie })).status, 401);
  assert.equal((await call('/console/api/me')).status, 401);
});

test('sign-in attempts are rate-limited per address and per account', async () => {
  const attempt = (address: string, staffId: string) => call('/console/api/sign-in', { method: 'POST', body: JSON.stringify({ staffId, password: 'guess' }), headers: { 'x-test-address': address } });
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await attempt('10.9.9.9', `guess-${i}`)).status);
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  const spread: number[] = [];
  for (let i = 0; i < 6; i++) spread.push((await attempt(`10.8.8.${i}`, 'ghost')).status);
  assert.deepEqual(spread, [401, 401, 401, 401, 401, 429], 'many addresses against one account');
  const limited = await attempt('10.9.9.9', 'guess-x');
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
});

test('an attendant of lot A sees nothing of lot B, over HTTP and over the event stream', async () => {
  const cookie = await signIn('zhao', '10.1.0.1');
  await board.report({ lotId: 'lot-a', laneId: 'exit-1', lotName: 'A 停车场', laneName: '1号出口', screen: 'idle', plate: null, dueFen: null, screenSince: Date.now(), printer: 'ok', scanner: 'ok', gate: 'ok', outbox: { depth: 0, deadLetters: 0 }, clockSkewMs: 0 });
  await board.report({ lotId: 'lot-b', laneId: 'exit-9', lotName: 'B 停车场', laneName: '9号出口', screen: 'quoted', plate: '沪B99999', dueFen: 800, screenSince: Date.now(), printer: 'ok', scanner: 'ok', gate: 'ok', outbox: { depth: 0, deadLetters: 0 }, clockSkewMs: 0 });
  const controller = new AbortController();
  const stream = await fetch(`${base}/console/api/events`, { headers: { cookie }, signal: controller.signal });
  const reader = stream.body!.getReader();
  let text = '';
  while (!text.includes('event: snapshot')) text += new TextDecoder().decode((await reader.read()).value);
  const ringing = await calls.ring('lot-a', 'exit-1');
  const mine = await calls.ring('lot-b', 'exit-9');
  while (!text.includes(mine.callId)) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n/.exec(text)![1]!);
  assert.deepEqual(snapshot.lanes.map((l: { laneId: string }) => l.laneId), ['exit-9']);
  assert.equal(text.includes(ringing.callId), false, 'no call of lot A on the stream');
  assert.equal(text.includes('exit-1'), false);
  const answer = await call(`/console/api/calls/${ringing.callId}/answer`, { method: 'POST', cookie });
  assert.equal(answer.status, 404, 'a call of another lot does not exist for this attendant');
  const action = await call('/console/api/lanes/lot-a/exit-1/actions', { method: 'POST', cookie, body: JSON.stringify({ kind: 'reset', reason: '屏幕卡住' }) });
  assert.equal(action.status, 404);
  const audit = await call('/console/api/audit', { cookie });
  assert.equal(JSON.stringify(audit.body).includes('lot-a'), false);
});

test('two attendants answer at once: one takes the call, the other gets 409 naming who', async () => {
  const [zhang, li] = [await signIn('zhang', '10.2.0.1'), await signIn('li', '10.2.0.2')];
  const ringing = await calls.ring('lot-a', 'exit-1');
  const answers = await Promise.all([zhang, li].map((cookie) => call(`/console/api/calls/${ringing.callId}/answer`, { method: 'POST', cookie })));
  const won = answers.find((a) => a.status === 200)!;
  const lost = answers.find((a) => a.status === 409)!;
  assert.ok(won && lost, JSON.stringify(answers.map((a) => a.status)));
  assert.equal(lost.body.error.answeredBy, won.body.answeredBy);
  const ended = await call(`/console/api/calls/${ringing.callId}/end`, { method: 'POST', cookie: won.body.answeredBy === 'zhang' ? zhang : li });
  assert.equal(ended.body.state, 'ended');
});

test('remote actions need a reason; a release above the lot limit needs a supervisor; each one is sent to the lane and audited, also as CSV', async () => {
  const [zhang, wang] = [await signIn('zhang', '10.3.0.1'), await signIn('wang', '10.3.0.2')];
  const act = (cookie: string, body: object) => call('/console/api/lanes/lot-a/exit-1/actions', { method: 'POST', cookie, body: JSON.stringify(body) });
  assert.equal((await act(zhang, { kind: 'reset', reason: '' })).body.error.code, 'reason-required');
  assert.equal((await act(zhang, { kind: 'release', reason: '设备故障' })).body.error.code, 'invalid-amount');
  assert.equal((await act(zhang, { kind: 'fly', reason: '设备故障' })).body.error.code, 'invalid-action');
  // A release (or a barrier, or a corrected plate) is for the attendant talking to that lane's driver.
  const uncalled = await act(zhang, { kind: 'release', reason: '设备故障', amountFen: 0 });
  assert.deepEqual([uncalled.status, uncalled.body.error.code], [409, 'call-required']);
  const hold = async (cookie: string) => {
    const ringing = await calls.ring('lot-a', 'exit-1');
    assert.equal((await call(`/console/api/calls/${ringing.callId}/answer`, { method: 'POST', cookie })).status, 200);
    return () => call(`/console/api/calls/${ringing.callId}/end`, { method: 'POST', cookie });
  };
  const hangUpZhang = await hold(zhang);
  const tooMuch = await act(zhang, { kind: 'release', reason: '设备故障', amountFen: 8_000 });
  assert.deepEqual([tooMuch.status, tooMuch.body.error.code], [403, 'supervisor-required']);
  sent.length = 0;
  assert.equal((await act(zhang, { kind: 'release', reason: '=cmd|calc', amountFen: 0 })).status, 202);
  assert.equal((await act(wang, { kind: 'release', reason: '设备故障', amountFen: 8_000 })).body.error.code, 'call-required', 'not the supervisor’s call');
  await hangUpZhang();
  const hangUpWang = await hold(wang);
  assert.equal((await act(wang, { kind: 'release', reason: '设备故障', amountFen: 8_000 })).status, 202);
  await hangUpWang();
  assert.deepEqual(sent.map((s) => [s.laneId, s.command.kind, s.command.by, s.command.amountFen]), [['exit-1', 'release', 'zhang', 0], ['exit-1', 'release', 'wang', 8000]]);
  // The lane shows a ¥200 fee: letting that car out for nothing is a ¥200 release, the supervisor's to give.
  await board.report({ lotId: 'lot-a', laneId: 'exit-1', lotName: 'A 停车场', laneName: '1号出口', screen: 'paying', plate: '沪A20000', dueFen: 20_000, screenSince: Date.now(), printer: 'ok', scanner: 'ok', gate: 'ok', outbox: { depth: 0, deadLetters: 0 }, clockSkewMs: 0 });
  const hangUpAgain = await hold(zhang);
  const waived = await act(zhang, { kind: 'release', reason: '司机说没带手机', amountFen: 0 });
  assert.deepEqual([waived.status, waived.body.error.code], [403, 'supervisor-required']);
  await hangUpAgain();
  assert.equal(sent.length, 2, 'nothing sent to the lane');
  const trail = await call('/console/api/audit?kind=remote-action&kind=remote-action-refused', { cookie: wang });
  assert.deepEqual(trail.body.records.map((r: { kind: string; staffId: string }) => `${r.kind}:${r.staffId}`).slice(-4), ['remote-action:zhang', 'remote-action-refused:wang', 'remote-action:wang', 'remote-action-refused:zhang']);
  const csv = await fetch(`${base}/console/api/audit?format=csv&kind=remote-action`, { headers: { cookie: wang } });
  assert.match(csv.headers.get('content-type')!, /^text\/csv/);
  const bytes = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 BOM, so spreadsheets read the Chinese');
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.startsWith('id,time,kind,staff,lot,lane,subject,reason,detail\r\n'));
  assert.ok(text.includes(",'=cmd|calc,"), 'a formula typed as a reason stays text');
  assert.ok(text.includes('设备故障'));
});

test('guesses from many addresses lock an account out only for addresses it never signed in from: the attendant at the booth still gets in', async () => {
  await signIn('sun', '10.4.0.1');
  const guess = (address: string) => call('/console/api/sign-in', { method: 'POST', body: JSON.stringify({ staffId: 'sun', password: 'guess' }), headers: { 'x-test-address': address } });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await guess(`10.66.0.${i}`)).status);
  assert.deepEqual(statuses, [401, 401, 401, 401, 429], 'the account is closed to new addresses (its first sign-in from 10.4.0.1 was from one too)');
  await signIn('sun', '10.4.0.1');
  const fromElsewhere = await call('/console/api/sign-in', { method: 'POST', body: JSON.stringify({ staffId: 'sun', password: 'sun-password' }), headers: { 'x-test-address': '10.4.0.2' } });
  assert.equal(fromElsewhere.status, 429, 'even with the right password, from an address the account is not used from');
  const known: number[] = [];
  for (let i = 0; i < 6; i++) known.push((await guess('10.4.0.1')).status);
  assert.deepEqual(known, [401, 401, 401, 429, 429, 429], 'a known address is still limited on its own (5 attempts, two of them the sign-ins above)');
});

test('an account holds at most 4 live streams: another session is refused, the same session replaces its oldest (a half-open link)', async () => {
  const sessions = [];
  for (let i = 0; i < 4; i++) sessions.push(await signIn('zhao', '10.1.0.1'));
  const open = await Promise.all(sessions.map((cookie) => fetch(`${base}/console/api/events`, { headers: { cookie } })));
  assert.deepEqual(open.map((r) => r.status), [200, 200, 200, 200]);
  const other = await fetch(`${base}/console/api/events`, { headers: { cookie: await signIn('wang', '10.1.0.9') } });
  assert.equal(other.status, 200, 'other accounts are not touched');
  await other.body!.cancel();
  const refused = await fetch(`${base}/console/api/events`, { headers: { cookie: await signIn('zhao', '10.1.0.2') } });
  assert.equal(refused.status, 429);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'too-many-streams');
  assert.ok(Number(refused.headers.get('retry-after')) > 0);
  const again = await fetch(`${base}/console/api/events`, { headers: { cookie: sessions[0]! } });
  assert.equal(again.status, 200);
  const replaced = await open[0]!.text();
  assert.match(replaced, /event: replaced\n/, 'the oldest stream of that session is told it was replaced, and ends');
  for (const response of [...open.slice(1), again]) await response.body!.cancel();
});

/**
 * The attendant console wired into the demo proxy over real HTTP: a lane's status report reaches the
 * board, the driver's call rings the console and reaches the lane's own stream when answered, the
 * attendant's audio signaling reaches the lane, a remote action goes to the lane with its reason,
 * and production refuses the demo's published password hashes.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshStateDir } from '../helpers/proxy-process.js';
import { after, before, test } from 'node:test';
import { loadConfigFile } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { apiClient, openLaneStream } from '../helpers/api.js';

let proxy: DemoProxy;
let perIpBurst = 0;
let base = '';
const LANE_KEY = 'demo-lane-key-exit-1';
const api = apiClient(() => base, LANE_KEY);

before(async () => {
  // A store of its own: records left by an earlier run must not be read as this one's.
  const config = loadConfigFile('config/demo.json', { ...process.env, PORT: '0', STATE_DIR: freshStateDir() });
  perIpBurst = config.rateLimits.perIp.burst;
  proxy = await startDemoProxy({ ...config, port: 0 }, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  base = proxy.url;
});

after(() => proxy.close());

async function signIn(staffId: string, password: string): Promise<string> {
  const response = await fetch(`${base}/console/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffId, password }) });
  assert.equal(response.status, 200, await response.clone().text());
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** The console's stream, read until `until` has been seen in the text. */
async function consoleStream(cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}/console/api/events`, { headers: { cookie }, signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return {
    async until(needle: string): Promise<string> {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += value;
      }
      return text;
    },
    close: () => controller.abort(),
  };
}

const board = {
  screen: 'quoted',
  plate: '沪A12345',
  dueFen: 1500,
  screenAgeMs: 4_000,
  printer: 'paper-low',
  scanner: 'ok',
  gate: 'none',
  clockSkewMs: 120,
};

test('a lane report reaches the console board; a call rings, is answered, and its signaling reaches the lane; a remote action reaches the lane', async () => {
  const cookie = await signIn('zhang', 'demo-attendant-zhang');
  const stream = await consoleStream(cookie);
  await stream.until('event: snapshot');
  const status = await api('/v1/lanes/exit-1/status', { method: 'PUT', json: { outbox: { depth: 2, deadLetters: 0, oldestCreatedAt: null }, board } });
  assert.equal(status.status, 204, JSON.stringify(status.body));
  const seen = await stream.until('"plate":"沪A12345"');
  const lane = JSON.parse(/event: lane\ndata: (.*)\n/.exec(seen)![1]!);
  assert.deepEqual([lane.lotId, lane.laneId, lane.screen, lane.dueFen, lane.printer, lane.outbox.depth], ['welink-demo', 'exit-1', 'quoted', 1500, 'paper-low', 2]);
  assert.ok(lane.inScreenMs >= 4_000, 'the age the lane reported, on the proxy clock');

  const laneStream = await openLaneStream(base, 'exit-1', LANE_KEY);
  const rung = await api('/v1/lanes/exit-1/calls', { method: 'POST' });
  assert.equal(rung.status, 201);
  await stream.until(`"callId":"${rung.body.callId}"`);
  assert.equal((await laneStream.next('call')).call.state, 'ringing');
  const answered = await fetch(`${base}/console/api/calls/${rung.body.callId}/answer`, { method: 'POST', headers: { cookie } });
  assert.equal(answered.status, 200);
  assert.equal((await laneStream.next('call')).call.state, 'answered');
  const offer = await fetch(`${base}/console/api/calls/${rung.body.callId}/signal`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'offer', body: { type: 'offer', sdp: 'v=0' } }) });
  assert.equal(offer.status, 204);
  assert.equal((await laneStream.next('call-signal')).signal.type, 'offer');
  const fromLane = await api(`/v1/lanes/exit-1/calls/${rung.body.callId}/signal`, { method: 'POST', json: { type: 'answer', body: { type: 'answer', sdp: 'v=0' } } });
  assert.equal(fromLane.status, 204);
  await stream.until('event: signal');
  const otherLane = await api(`/v1/lanes/entry-1/calls/${rung.body.callId}/end`, { method: 'POST', key: 'demo-lane-key-entry-1' });
  assert.equal(otherLane.status, 404, 'another lane cannot end this call');

  const act = await fetch(`${base}/console/api/lanes/welink-demo/exit-1/actions`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'reprint', reason: '打印机卡纸' }) });
  assert.equal(act.status, 202);
  const { at, actionId, seen: shown, ...action } = (await laneStream.next('remote-action')).action;
  assert.match(actionId, /^[\da-f-]{36}$/);
  assert.ok(shown, 'what the attendant saw of the lane travels with the action');
  assert.deepEqual(action, { kind: 'reprint', reason: '打印机卡纸', by: 'zhang' });
  assert.ok(Math.abs(Date.now() - at) < 10_000, 'stamped with the time it was sent, so a late replay is dropped');
  // The lane says what it did; the audit trail holds its word beside the attendant's.
  const outcome = await api(`/v1/lanes/exit-1/remote-actions/${actionId}/outcome`, { method: 'POST', json: { kind: 'reprint', outcome: 'no-device', by: 'zhang' } });
  assert.equal(outcome.status, 204);
  // The console hears it at once, so the attendant knows the printer never printed.
  await stream.until(`event: action-outcome\ndata: {"lotId":"welink-demo","laneId":"exit-1","actionId":"${actionId}","kind":"reprint","outcome":"no-device","by":"zhang"}`);
  assert.equal((await api(`/v1/lanes/exit-1/remote-actions/${actionId}/outcome`, { method: 'POST', json: { kind: 'reprint', outcome: 'maybe', by: 'zhang' } })).status, 400);
  assert.equal((await api(`/v1/lanes/exit-1/remote-actions/${actionId}/outcome`, { method: 'POST', key: null, json: { kind: 'reprint', outcome: 'done', by: 'zhang' } })).status, 401);
  // Recorded against the action as sent, once: a retried or forged word adds nothing.
  assert.equal((await api(`/v1/lanes/exit-1/remote-actions/${actionId}/outcome`, { method: 'POST', json: { kind: 'release', outcome: 'done', by: 'wang' } })).status, 204);
  assert.equal((await api(`/v1/lanes/exit-1/remote-actions/${randomUUID()}/outcome`, { method: 'POST', json: { kind: 'release', outcome: 'done', by: 'zhang' } })).status, 404, 'an action nobody sent');
  assert.equal((await api(`/v1/lanes/entry-1/remote-actions/${actionId}/outcome`, { method: 'POST', key: 'demo-lane-key-entry-1', json: { kind: 'reprint', outcome: 'done', by: 'zhang' } })).status, 404, 'another lane');
  const audit = (await (await fetch(`${base}/console/api/audit?kind=remote-action-outcome`, { headers: { cookie } })).json()) as { records: Array<{ laneId: string; subject: string; reason: string; detail: { actionId: string } }> };
  assert.deepEqual(audit.records.map((r) => [r.laneId, r.subject, r.reason, r.detail.actionId]), [['exit-1', 'reprint', 'no-device', actionId]]);
  const ended = await api(`/v1/lanes/exit-1/calls/${rung.body.callId}/end`, { method: 'POST' });
  assert.equal(ended.body.state, 'ended');
  laneStream.close();
  stream.close();
});

test('an attendant of the Welink and local lots is refused on the ETCP lot; the supervisor limit of the Welink lot applies', async () => {
  const cookie = await signIn('zhang', 'demo-attendant-zhang');
  const etcp = await fetch(`${base}/console/api/lanes/etcp-demo/etcp-exit-1/actions`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'reset', reason: '屏幕卡住' }) });
  assert.equal(etcp.status, 404);
  const big = await fetch(`${base}/console/api/lanes/welink-demo/exit-1/actions`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'release', reason: '设备故障', amountFen: 6000 }) });
  assert.deepEqual([big.status, ((await big.json()) as { error: { code: string } }).error.code], [403, 'supervisor-required']);
});

test('production refuses the demo attendants: their password hashes are published in this repository', async () => {
  const { productionProblems } = await import('../../src/proxy/production-checks.js');
  const raw = JSON.parse((await import('node:fs')).readFileSync('config/demo.json', 'utf8'));
  const address = { host: '127.0.0.1', port: 8080, publicUrl: 'http://127.0.0.1:8080' };
  const fields = (env: NodeJS.ProcessEnv) => productionProblems(raw, env, address).map((p) => p.field).filter((f) => f.startsWith('/attendant'));
  assert.deepEqual(fields({}), ['/attendant/staff/0/passwordHash', '/attendant/staff/1/passwordHash']);
  const demoHash = raw.attendant.staff[0].passwordHash.default;
  assert.deepEqual(fields({ ATTENDANT_ZHANG_HASH: demoHash, ATTENDANT_WANG_HASH: 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'B'.repeat(43) }), ['/attendant/staff/0/passwordHash']);
  const written = { ...raw, attendant: { staff: [{ ...raw.attendant.staff[1], passwordHash: raw.attendant.staff[1].passwordHash.default }] } };
  assert.deepEqual(productionProblems(written, {}, address).map((p) => p.field).filter((f) => f.startsWith('/attendant')), ['/attendant/staff/0/passwordHash'], 'a published hash written in as is');
});

test('a console that reconnects gets a snapshot with what changed while it was away: a lane that moved on and a lane that appeared', async () => {
  const cookie = await signIn('zhang', 'demo-attendant-zhang');
  const status = (laneId: string, key: string, shown: object) =>
    api(`/v1/lanes/${laneId}/status`, { method: 'PUT', key, json: { outbox: { depth: 0, deadLetters: 0, oldestCreatedAt: null }, board: { ...board, ...shown } } });
  assert.equal((await status('exit-1', LANE_KEY, { screen: 'quoted', plate: '沪C11111' })).status, 204);
  const first = await consoleStream(cookie);
  await first.until('"plate":"沪C11111"');
  first.close();
  assert.equal((await status('exit-1', LANE_KEY, { screen: 'error', plate: null, dueFen: null })).status, 204);
  assert.equal((await status('local-exit-1', 'demo-lane-key-local-exit-1', { screen: 'paid', plate: '沪D22222' })).status, 204);
  const again = await consoleStream(cookie);
  const text = await again.until('"serverNow"');
  again.close();
  const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n/.exec(text)![1]!);
  const lanes = Object.fromEntries(snapshot.lanes.map((l: { laneId: string; screen: string; plate: string | null }) => [l.laneId, [l.screen, l.plate]]));
  assert.deepEqual(lanes['exit-1'], ['error', null]);
  assert.deepEqual(lanes['local-exit-1'], ['paid', '沪D22222']);
});

test("the console's API is behind the proxy's per-address limit like the lanes' API", async () => {
  const statuses = await Promise.all(Array.from({ length: perIpBurst + 1 }, () => fetch(`${base}/console/api/me`).then((r) => r.status)));
  assert.ok(statuses.includes(429), 'more requests than the burst from one address are refused');
  assert.deepEqual(new Set(statuses), new Set([401, 429]));
});

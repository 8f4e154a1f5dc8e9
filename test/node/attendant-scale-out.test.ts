/**
 * A driver's call across two proxy instances on one real redis-server, over real HTTP on
 * 127.0.0.1: the lane rings through instance A, consoles on A and on B both ring, B's attendant
 * answers, A's console sees who took it and its own answer is refused, the audio's signaling
 * crosses between the lane on A and the console on B, and the hang-up reaches both consoles.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { apiClient, openLaneStream } from '../helpers/api.js';
import { consoleEvents, signInConsole } from '../helpers/console.js';
import { freePort, ROOT } from '../helpers/proxy-process.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

const LANE_KEY = 'demo-lane-key-exit-1';
const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));

let redis: RedisServer;
let a: DemoProxy;
let b: DemoProxy;

async function instance(): Promise<DemoProxy> {
  const config = resolveConfig(demo, { PORT: String(await freePort()), REDIS_URL: redis.url });
  return startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
}

before(async () => {
  redis = await startRedis();
  [a, b] = [await instance(), await instance()];
});

after(async () => {
  await b.close();
  await a.close();
  await redis.stop();
});

test('a lane rings through A; consoles on A and B ring; B answers, A is told who and refused; signaling crosses; the hang-up reaches both', async () => {
  assert.equal(a.state.store.kind, 'redis');
  const zhangOnA = await signInConsole(a.url, 'zhang', 'demo-attendant-zhang');
  const wangOnB = await signInConsole(b.url, 'wang', 'demo-supervisor-wang');
  const [consoleA, consoleB] = [await consoleEvents(a.url, zhangOnA), await consoleEvents(b.url, wangOnB)];
  const lane = await openLaneStream(a.url, 'exit-1', LANE_KEY);
  const laneApi = apiClient(() => a.url, LANE_KEY);
  try {
    await Promise.all([consoleA.next('snapshot'), consoleB.next('snapshot')]);
    const rung = await laneApi('/v1/lanes/exit-1/calls', { method: 'POST' });
    assert.equal(rung.status, 201);
    const { callId } = rung.body as { callId: string };
    const ringing = (c: { callId: string; state: string }) => c.callId === callId && c.state === 'ringing';
    await Promise.all([consoleA.next('call', ringing), consoleB.next('call', ringing)]);

    const answer = (base: string, cookie: string) => fetch(`${base}/console/api/calls/${callId}/answer`, { method: 'POST', headers: { cookie } });
    const won = await answer(b.url, wangOnB);
    assert.equal(won.status, 200, await won.clone().text());
    const taken = await consoleA.next('call', (c) => c.callId === callId && c.state === 'answered');
    assert.equal(taken.answeredBy, 'wang', "A's console sees who took it");
    const refused = await answer(a.url, zhangOnA);
    assert.equal(refused.status, 409);
    assert.deepEqual(((await refused.json()) as { error: { code: string; answeredBy: string } }).error, { code: 'already-answered', message: 'wang already took this call', answeredBy: 'wang' });
    assert.deepEqual([(await lane.next('call')).call.state, (await lane.next('call')).call.answeredBy], ['ringing', 'wang']);

    const offer = await fetch(`${b.url}/console/api/calls/${callId}/signal`, { method: 'POST', headers: { cookie: wangOnB, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'offer', body: { type: 'offer', sdp: 'v=0 from B' } }) });
    assert.equal(offer.status, 204);
    const toLane = await lane.next('call-signal');
    assert.deepEqual([toLane.callId, toLane.signal.body.sdp], [callId, 'v=0 from B'], "B's offer reaches the lane on A");
    const fromLane = await laneApi(`/v1/lanes/exit-1/calls/${callId}/signal`, { method: 'POST', json: { type: 'answer', body: { type: 'answer', sdp: 'v=0 from the lane' } } });
    assert.equal(fromLane.status, 204);
    const toHolder = await consoleB.next('signal');
    assert.deepEqual([toHolder.callId, toHolder.signal.body.sdp], [callId, 'v=0 from the lane'], "the lane's answer reaches the console on B");
    const notHolder = await fetch(`${a.url}/console/api/calls/${callId}/signal`, { method: 'POST', headers: { cookie: zhangOnA, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'candidate', body: {} }) });
    assert.equal(notHolder.status, 404, 'only the holder signals');

    const hungUp = await laneApi(`/v1/lanes/exit-1/calls/${callId}/end`, { method: 'POST' });
    assert.equal(hungUp.body.state, 'ended');
    const ended = (c: { callId: string; state: string }) => c.callId === callId && c.state === 'ended';
    const [onA, onB] = await Promise.all([consoleA.next('call', ended), consoleB.next('call', ended)]);
    assert.deepEqual([onA.endReason, onB.endReason], ['hung-up-by-lane', 'hung-up-by-lane']);
  } finally {
    lane.close();
    consoleA.close();
    consoleB.close();
  }
});

/**
 * A call survives a proxy restart only as a clear "call ended" on both sides, over real HTTP with
 * the real proxy process on one durable state store: stopped in order (SIGTERM), it ends the calls
 * rung through it before its streams close; killed (SIGKILL), its lease lapses and the restarted
 * proxy ends them, and tells the lane and the console that reconnect.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consoleEvents, eventStream, signInConsole } from '../helpers/console.js';
import { freshStateDir, startProxyProcess, type ProxyProcess } from '../helpers/proxy-process.js';

const LANE_KEY = 'demo-lane-key-exit-1';
/** Long enough for the lease (15 s) to lapse and the next sweep (every 5 s) to notice, with room on a busy machine. */
const LEASE_LAPSE_WAIT_MS = 45_000;

/** A lane rings through `proxy` and zhang answers it on the console; returns the call id and both streams. */
async function answeredCall(proxy: ProxyProcess, cookie: string) {
  const console_ = await consoleEvents(proxy.url, cookie);
  await console_.next('snapshot');
  const lane = await eventStream(`${proxy.url}/v1/lanes/exit-1/events`, { authorization: `Bearer ${LANE_KEY}` });
  const rung = await fetch(`${proxy.url}/v1/lanes/exit-1/calls`, { method: 'POST', headers: { authorization: `Bearer ${LANE_KEY}` } });
  assert.equal(rung.status, 201);
  const { callId } = (await rung.json()) as { callId: string };
  const answered = await fetch(`${proxy.url}/console/api/calls/${callId}/answer`, { method: 'POST', headers: { cookie } });
  assert.equal(answered.status, 200, await answered.clone().text());
  await console_.next('call', (c) => c.callId === callId && c.state === 'answered');
  for (const state of ['ringing', 'answered']) assert.equal((await lane.next('call', (m) => m.call.callId === callId)).call.state, state);
  return { callId, console: console_, lane };
}

const endedByRestart = (callId: string) => (c: { callId: string; state: string; endReason: string }) => c.callId === callId && c.state === 'ended' && c.endReason === 'proxy-restarted';

test('a proxy stopped in order ends its calls on both sides before its streams close; the console that reconnects after the restart sees how it ended', async () => {
  const stateDir = freshStateDir();
  const first = await startProxyProcess('config/demo.json', { STATE_DIR: stateDir });
  let second: ProxyProcess | undefined;
  try {
    const cookie = await signInConsole(first.url, 'zhang', 'demo-attendant-zhang');
    const { callId, console: console_, lane } = await answeredCall(first, cookie);
    const stopped = first.stop();
    const [toConsole, toLane] = await Promise.all([console_.next('call', endedByRestart(callId)), lane.next('call', (m) => m.call.callId === callId)]);
    assert.equal(toConsole.answeredBy, 'zhang');
    assert.deepEqual([toLane.call.callId, toLane.call.state, toLane.call.endReason], [callId, 'ended', 'proxy-restarted']);
    await stopped;
    lane.close();
    console_.close();

    second = await startProxyProcess('config/demo.json', { STATE_DIR: stateDir });
    const again = await consoleEvents(second.url, cookie);
    const snapshot = await again.next('snapshot');
    assert.deepEqual(
      snapshot.calls.map((c: { callId: string; state: string; endReason: string }) => [c.callId, c.state, c.endReason]),
      [[callId, 'ended', 'proxy-restarted']],
      'the session and the call outlive the restart in the store',
    );
    again.close();
  } finally {
    await first.stop();
    await second?.stop();
  }
});

test('a proxy killed mid-call: once its lease lapses the restarted proxy ends the call for the reconnected console and lane', { timeout: 120_000 }, async () => {
  const stateDir = freshStateDir();
  const first = await startProxyProcess('config/demo.json', { STATE_DIR: stateDir });
  let second: ProxyProcess | undefined;
  try {
    const cookie = await signInConsole(first.url, 'zhang', 'demo-attendant-zhang');
    const { callId, console: console_, lane } = await answeredCall(first, cookie);
    await first.kill();
    const lastSeen = lane.lastId();
    lane.close();
    console_.close();

    second = await startProxyProcess('config/demo.json', { STATE_DIR: stateDir });
    const again = await consoleEvents(second.url, cookie);
    const snapshot = await again.next('snapshot');
    const [held] = snapshot.calls;
    assert.equal(held?.callId, callId, 'read back from the store');
    // A slow restart may come after the lease lapsed: then the snapshot already says how the call ended.
    const toConsole = endedByRestart(callId)(held) ? held : await again.next('call', endedByRestart(callId), LEASE_LAPSE_WAIT_MS);
    assert.equal(toConsole.endReason, 'proxy-restarted');
    // The kiosk reconnects with the id of the last event it saw, and so hears the end whenever it came.
    const laneAgain = await eventStream(`${second.url}/v1/lanes/exit-1/events`, { authorization: `Bearer ${LANE_KEY}`, 'last-event-id': String(lastSeen) });
    const toLane = await laneAgain.next('call', (m) => m.call.callId === callId && m.call.state !== 'answered', LEASE_LAPSE_WAIT_MS);
    assert.deepEqual([toLane.call.state, toLane.call.endReason], ['ended', 'proxy-restarted']);
    laneAgain.close();
    again.close();
  } finally {
    await first.kill();
    await second?.stop();
  }
});

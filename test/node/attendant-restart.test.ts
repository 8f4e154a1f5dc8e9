/**
 * A call survives a proxy restart only as a clear "call ended" on both sides, over real HTTP with
 * the real proxy process on one durable state store: stopped in order (SIGTERM), it ends the calls
 * rung through it before its streams close; killed (SIGKILL), its lease lapses and the restarted
 * proxy ends them, and tells the lane and the console that reconnect.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLaneStream } from '../helpers/api.js';
import { freshStateDir, startProxyProcess, type ProxyProcess } from '../helpers/proxy-process.js';

const LANE_KEY = 'demo-lane-key-exit-1';
/** Long enough for the lease (15 s) to lapse and the next sweep (every 5 s) to notice, with room on a busy machine. */
const LEASE_LAPSE_WAIT_MS = 45_000;

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/console/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffId: 'zhang', password: 'demo-attendant-zhang' }) });
  assert.equal(response.status, 200, await response.clone().text());
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** The console's stream as parsed events, the way the console app reads it. */
async function consoleEvents(base: string, cookie: string) {
  const response = await fetch(`${base}/console/api/events`, { headers: { cookie } });
  assert.equal(response.status, 200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    /** The next event named `type` whose data satisfies `matches`; rejects when the stream ends first or after `timeoutMs`. */
    async next(type: string, matches: (data: any) => boolean = () => true, timeoutMs = 10_000): Promise<any> {
      const timeout = AbortSignal.timeout(timeoutMs);
      for (;;) {
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: (.*)$/m.exec(block)?.[1] === type && data && matches(JSON.parse(data))) return JSON.parse(data);
        }
        const read = await Promise.race([reader.read(), new Promise<never>((_, reject) => timeout.addEventListener('abort', () => reject(new Error(`no ${type} event within ${timeoutMs} ms`))))]);
        if (read.done) throw new Error(`the stream ended before a ${type} event`);
        buffer += read.value;
      }
    },
    close: () => void reader.cancel().catch(() => {}),
  };
}

/** A lane rings through `proxy` and zhang answers it on the console; returns the call id and both streams. */
async function answeredCall(proxy: ProxyProcess, cookie: string) {
  const console_ = await consoleEvents(proxy.url, cookie);
  await console_.next('snapshot');
  const lane = await openLaneStream(proxy.url, 'exit-1', LANE_KEY);
  const rung = await fetch(`${proxy.url}/v1/lanes/exit-1/calls`, { method: 'POST', headers: { authorization: `Bearer ${LANE_KEY}` } });
  assert.equal(rung.status, 201);
  const { callId } = (await rung.json()) as { callId: string };
  const answered = await fetch(`${proxy.url}/console/api/calls/${callId}/answer`, { method: 'POST', headers: { cookie } });
  assert.equal(answered.status, 200, await answered.clone().text());
  await console_.next('call', (c) => c.callId === callId && c.state === 'answered');
  for (const state of ['ringing', 'answered']) assert.equal((await lane.next('call')).call.state, state);
  return { callId, console: console_, lane };
}

const endedByRestart = (callId: string) => (c: { callId: string; state: string; endReason: string }) => c.callId === callId && c.state === 'ended' && c.endReason === 'proxy-restarted';

test('a proxy stopped in order ends its calls on both sides before its streams close; the console that reconnects after the restart sees how it ended', async () => {
  const stateDir = freshStateDir();
  const first = await startProxyProcess('config/demo.json', { STATE_DIR: stateDir });
  let second: ProxyProcess | undefined;
  try {
    const cookie = await signIn(first.url);
    const { callId, console: console_, lane } = await answeredCall(first, cookie);
    const stopped = first.stop();
    const [toConsole, toLane] = await Promise.all([console_.next('call', endedByRestart(callId)), lane.next('call')]);
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
    const cookie = await signIn(first.url);
    const { callId, console: console_, lane } = await answeredCall(first, cookie);
    await first.kill();
    lane.close();
    console_.close();

    second = await startProxyProcess('config/demo.json', { STATE_DIR: stateDir });
    const again = await consoleEvents(second.url, cookie);
    const snapshot = await again.next('snapshot');
    assert.deepEqual(snapshot.calls.map((c: { callId: string; state: string }) => [c.callId, c.state]), [[callId, 'answered']], 'read back from the store, not yet known dead');
    const laneAgain = await openLaneStream(second.url, 'exit-1', LANE_KEY);
    const [toConsole, toLane] = await Promise.all([again.next('call', endedByRestart(callId), LEASE_LAPSE_WAIT_MS), laneAgain.next('call', LEASE_LAPSE_WAIT_MS)]);
    assert.equal(toConsole.endReason, 'proxy-restarted');
    assert.deepEqual([toLane.call.callId, toLane.call.state, toLane.call.endReason], [callId, 'ended', 'proxy-restarted']);
    laneAgain.close();
    again.close();
  } finally {
    await first.kill();
    await second?.stop();
  }
});

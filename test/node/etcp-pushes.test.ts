/**
 * ETCP pushes over real HTTP on 127.0.0.1: how fresh a push must be when it carries no pushTime,
 * and pushes sent as a URL-encoded form. Signments are computed here by hand, from the documented
 * field order written out literally, not with the proxy's own data builder.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { openLaneStream } from '../helpers/api.js';
import { beijing, etcpPushSender, md5Upper } from '../helpers/etcp-pushes.js';
import { freePort, ROOT, freshStateDir } from '../helpers/proxy-process.js';

const LANE = 'etcp-exit-1';
const LANE_KEY = 'demo-lane-key-etcp-exit-1';
const MERCHANT_NO = '9827c6b5c6d94485b912b6e90c92a7ae';
const MERCHANT_KEY = 'demo-etcp-merchant-key-4e8a';

let proxy: DemoProxy;

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  // The fuzz below sends hundreds of pushes from one address: no rate limit in the way.
  const unlimited = { perKey: { perMinute: 1e6, burst: 1e6 }, perIp: { perMinute: 1e6, burst: 1e6 } };
  const config = resolveConfig({ ...demo, rateLimits: unlimited }, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
});
after(() => proxy.close());

let serial = 0;

/** A v2 exit push (seeds/001 §10.2) in its documented field order, without pushTime (optional in v2). */
function exitPush(plate: string, exitAtMs: number): Record<string, unknown> {
  serial += 1;
  return {
    synId: `push-test-${serial}`,
    plateNumber: plate,
    parkName: 'ETCP 示范停车场',
    parkId: 3126,
    entranceTime: beijing(exitAtMs - 3600_000),
    userType: '77',
    exitTime: beijing(exitAtMs),
    stayedTime: 3600,
    receivableFee: 5,
    fixParkingId: '',
    remainingDays: '',
  };
}

const signed = (push: Record<string, unknown>) => ({ ...push, signment: md5Upper(`${MERCHANT_NO}${JSON.stringify(push)}${MERCHANT_KEY}`) });

const { post, postJson, postForm } = etcpPushSender(() => proxy.url, 'etcp-demo');

test('without pushTime, an exit push 30 days old is refused as stale (code 3), and nothing reaches the lane', async () => {
  const stream = await openLaneStream(proxy.url, LANE, LANE_KEY);
  try {
    const answer = await postJson('exit', signed(exitPush('渝A30000', Date.now() - 30 * 86_400_000)));
    assert.equal(answer.status, 401);
    assert.equal(answer.body.code, 3);
    assert.match(answer.body.message, /exitTime .* replay window/);
    // The next exit the lane hears of is a fresh one: the stale push was not published.
    assert.equal((await postJson('exit', signed(exitPush('渝A30013', Date.now())))).status, 200);
    assert.equal((await stream.next('car.exit')).plate, '渝A30013');
  } finally {
    stream.close();
  }
});

test('without pushTime, an entry push is dated by entranceTime; one from an hour ago is refused', async () => {
  const entry = { synId: 'entry-old', plateNumber: '渝A30001', parkName: 'ETCP 示范停车场', parkId: 3126, entranceTime: beijing(Date.now() - 3600_000), userType: '77', fixParkingId: '', remainingDays: '' };
  const answer = await postJson('entry', signed(entry));
  assert.equal(answer.status, 401);
  assert.equal(answer.body.code, 3);
  assert.match(answer.body.message, /entranceTime/);
});

test('without pushTime, a passage too far in the future is refused too', async () => {
  const answer = await postJson('exit', signed(exitPush('渝A30002', Date.now() + 3600_000)));
  assert.equal(answer.status, 401);
  assert.equal(answer.body.code, 3);
});

test('without pushTime, a fresh exit push is accepted once: its replay is acknowledged and not applied again', async () => {
  const stream = await openLaneStream(proxy.url, LANE, LANE_KEY);
  try {
    const push = signed(exitPush('渝A30003', Date.now() - 2 * 60_000));
    const applied = await postJson('exit', push);
    assert.equal(applied.status, 200);
    assert.deepEqual(applied.body, { code: 0, message: 'ok' });
    const event = await stream.next('car.exit');
    assert.equal(event.plate, '渝A30003');
    assert.equal(event.receivableFen, 500);
    const replay = await postJson('exit', push);
    assert.equal(replay.status, 200);
    // The next exit the lane hears of is a different car: the replay was not published.
    const other = signed(exitPush('渝A30004', Date.now()));
    assert.equal((await postJson('exit', other)).status, 200);
    assert.equal((await stream.next('car.exit')).plate, '渝A30004');
  } finally {
    stream.close();
  }
});

test('a push signed by the lot’s merchant for another of its car parks is refused (code 6) in JSON and as a form, and no lane hears of it', async () => {
  const stream = await openLaneStream(proxy.url, LANE, LANE_KEY);
  try {
    const otherPark = { ...exitPush('渝A30020', Date.now()), parkId: 3127 };
    for (const answer of [await postJson('exit', signed(otherPark)), await postForm('exit', signed(otherPark))]) {
      assert.equal(answer.status, 400);
      assert.equal(answer.body.code, 6);
      assert.match(answer.body.message, /parkId 3127 is not this lot's car park \(3126\)/);
    }
    const entry = { synId: 'entry-other-park', plateNumber: '渝A30021', parkName: '另一停车场', parkId: '3127', entranceTime: beijing(Date.now()), userType: '77', fixParkingId: '', remainingDays: '' };
    assert.equal((await postJson('entry', signed(entry))).body.code, 6);
    // The next exit the lane hears of is this park's own.
    assert.equal((await postJson('exit', signed(exitPush('渝A30022', Date.now())))).status, 200);
    assert.equal((await stream.next('car.exit')).plate, '渝A30022');
  } finally {
    stream.close();
  }
});

test('with pushTime, pushTime dates the push even when the passage itself was long ago (seeds/001 §10.2’s own example)', async () => {
  const old = Date.now() - 2 * 86_400_000;
  const push: Record<string, unknown> = {
    synId: 'late-push',
    plateNumber: '渝A30005',
    parkName: 'ETCP 示范停车场',
    parkId: 3126,
    entranceTime: beijing(old - 3600_000),
    userType: '77',
    pushTime: beijing(Date.now()),
    exitTime: beijing(old),
    stayedTime: 3600,
    receivableFee: 0,
    fixParkingId: '',
    remainingDays: '',
  };
  assert.equal((await postJson('exit', signed(push))).status, 200);
  const stale = { ...push, synId: 'stale-push', pushTime: beijing(Date.now() - 20 * 60_000) };
  assert.equal((await postJson('exit', signed(stale))).body.code, 3);
});

test('a form-encoded exit push, one parameter per field, is verified over the same JSON data and reaches the lane', async () => {
  const stream = await openLaneStream(proxy.url, LANE, LANE_KEY);
  try {
    // ETCP signs the JSON (parkId, stayedTime and receivableFee as numbers); the form carries their text.
    const push = signed(exitPush('渝A30006', Date.now()));
    const answer = await postForm('exit', push);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const event = await stream.next('car.exit');
    assert.equal(event.plate, '渝A30006');
    assert.equal(event.stayedSeconds, 3600);
    assert.equal(event.receivableFen, 500);
    // The same push again, now as JSON: one push, whatever its encoding.
    assert.equal((await postJson('exit', push)).status, 200);
    assert.equal((await postForm('exit', signed(exitPush('渝A30007', Date.now())))).status, 200);
    assert.equal((await stream.next('car.exit')).plate, '渝A30007');
  } finally {
    stream.close();
  }
});

test('a form push whose sender signed the fields as text is accepted too; a form with a changed field is forged', async () => {
  const push = exitPush('渝A30008', Date.now());
  const asText = Object.fromEntries(Object.entries(push).map(([name, value]) => [name, String(value)]));
  const answer = await postForm('exit', signed(asText));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const forged = await postForm('exit', { ...signed(exitPush('渝A30009', Date.now())), receivableFee: 0 });
  assert.equal(forged.status, 401);
  assert.equal(forged.body.code, 4);
});

test('a form carrying the JSON as `data` beside `signment` is accepted; a repeated form field or a bad `data` is code 6', async () => {
  const push = exitPush('渝A30010', Date.now());
  const { signment } = signed(push);
  const answer = await post('exit', new URLSearchParams({ data: JSON.stringify(push), signment }).toString(), 'application/x-www-form-urlencoded');
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const twice = await post('exit', `plateNumber=${encodeURIComponent('渝A30011')}&plateNumber=x&signment=${signment}`, 'application/x-www-form-urlencoded');
  assert.equal(twice.status, 400);
  assert.equal(twice.body.code, 6);
  assert.match(twice.body.message, /plateNumber/);
  const badData = await post('exit', `data=%7Bnot-json&signment=${signment}`, 'application/x-www-form-urlencoded');
  assert.equal(badData.status, 400);
  assert.equal(badData.body.code, 6);
});

test('entry and unbind pushes come as forms too; other media types are refused in ETCP’s shape', async () => {
  const entry = { synId: 'form-entry', plateNumber: '渝A30012', parkName: 'ETCP 示范停车场', parkId: 3126, entranceTime: beijing(Date.now()), userType: '77', pushTime: beijing(Date.now()), fixParkingId: '', remainingDays: '' };
  assert.equal((await postForm('entry', signed(entry))).status, 200);
  assert.equal((await postForm('unbind', signed({ plateNumber: '渝A30012', time: beijing(Date.now()) }))).status, 200);
  const text = await post('unbind', 'plateNumber=x', 'text/plain');
  assert.equal(text.status, 415);
  assert.equal(text.body.code, 6);
});

test('fuzz: signed forms of any shape are answered in ETCP’s shape, never 5xx', async () => {
  const fields = ['synId', 'plateNumber', 'parkName', 'parkId', 'entranceTime', 'userType', 'pushTime', 'exitTime', 'stayedTime', 'receivableFee', 'fixParkingId', 'remainingDays', 'time', 'data'];
  const value = fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('', '渝A8T769', beijing(Date.now()), '{"a":1}', '[]', '1e400', '-0', '0.10'));
  const form = fc.array(fc.tuple(fc.constantFrom(...fields, 'signment', 'x'), value), { maxLength: 16 });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('entry', 'exit', 'unbind', 'auth-invalid'), form, async (kind, pairs) => {
      const record = Object.fromEntries(pairs);
      const body = new URLSearchParams([...pairs, ['signment', signed(record).signment]]).toString();
      const answer = await post(kind, body, 'application/x-www-form-urlencoded');
      assert.ok(answer.status < 500, `${answer.status} for ${body}`);
      assert.equal(typeof answer.body.code, 'number');
      assert.equal(typeof answer.body.message, 'string');
    }),
    { numRuns: 300 },
  );
});

test('unbind and auth-invalid pushes must carry their time (both tables require it): without it, 20102 and nothing applied; a stale one is code 3', async () => {
  for (const kind of ['unbind', 'auth-invalid']) {
    const undated = await postJson(kind, signed({ plateNumber: '渝A30030' }));
    assert.deepEqual([undated.status, undated.body.code], [400, 20102], `${kind}: ${JSON.stringify(undated.body)}`);
    assert.match(undated.body.message, /time is required/);
    const stale = await postJson(kind, signed({ plateNumber: '渝A30030', time: beijing(Date.now() - 86_400_000) }));
    assert.deepEqual([stale.status, stale.body.code], [401, 3], kind);
    assert.equal((await postJson(kind, signed({ plateNumber: '渝A30030', time: beijing(Date.now()) }))).status, 200, kind);
  }
});

test('lots sharing one ETCP merchant account must each name their own parkId, or the config is refused', () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const etcpLot = demo.lots.find((lot: { lotId: string }) => lot.lotId === 'etcp-demo');
  const secondPark = (parkId?: string) => ({
    ...etcpLot,
    lotId: 'etcp-second',
    feeSource: { ...etcpLot.feeSource, ...(parkId === undefined ? { parkId: undefined } : { parkId }) },
    lanes: etcpLot.lanes.map((lane: { laneId: string }) => ({ ...lane, laneId: `${lane.laneId}-second` })),
  });
  const env = { STATE_DIR: freshStateDir() };
  assert.throws(() => resolveConfig({ ...demo, lots: [...demo.lots, secondPark()] }, env), /\/lots\/3\/feeSource\/parkId: lots etcp-demo, etcp-second share ETCP merchant .*set each lot's own ETCP parkId/);
  assert.throws(() => resolveConfig({ ...demo, lots: [...demo.lots, secondPark('3126')] }, env), /\/lots\/3\/feeSource\/parkId: ETCP park 3126 .* more than one lot/);
  assert.equal(resolveConfig({ ...demo, lots: [...demo.lots, secondPark('3127')] }, env).lots.length, 4);
});

/**
 * ETCP v1 pushes (seeds/000 §9.2, §9.3) over real HTTP on 127.0.0.1, for a lot whose `pushVersion`
 * is 1: dated by their own times when pushTime is absent, as JSON and as a form, the fee in fen.
 * seeds/000 fixes no field order for the signed data (its exit example lists the fields in another
 * order than its table), so a sender that signs the fields in the order it sends them is accepted
 * too. Signments are computed here by hand from the spec's own example order, not with the proxy's
 * data builder.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
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
  for (const lot of demo.lots) if (lot.feeSource.type === 'etcp') lot.feeSource.pushVersion = 1;
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
});
after(() => proxy.close());

let serial = 0;

/** A v1 exit push in the order of seeds/000 §9.3.2's example, strings as its table types them; no pushTime. */
function exitPush(plate: string, exitAtMs: number): Record<string, unknown> {
  serial += 1;
  return {
    entranceTime: beijing(exitAtMs - 3600_000),
    fixParkingId: '',
    exitTime: beijing(exitAtMs),
    stayedTime: 3600,
    parkName: 'ETCP 示范停车场',
    receivableFee: '500',
    remainingDays: '',
    userType: '77',
    plateNumber: plate,
    synId: `v1-push-${serial}`,
    parkId: '3126',
  };
}

/** The table's order (seeds/000 §9.3.1), as the v2 spec fixes an order for its own pushes. */
const TABLE_ORDER = ['parkId', 'plateNumber', 'parkName', 'synId', 'userType', 'fixParkingId', 'remainingDays', 'entranceTime', 'exitTime', 'stayedTime', 'receivableFee', 'pushTime'];
const inTableOrder = (push: Record<string, unknown>) => Object.fromEntries(TABLE_ORDER.filter((name) => name in push).map((name) => [name, push[name]]));

const signed = (push: Record<string, unknown>) => ({ ...push, signment: md5Upper(`${MERCHANT_NO}${JSON.stringify(push)}${MERCHANT_KEY}`) });

const { postJson, postForm } = etcpPushSender(() => proxy.url, 'etcp-demo');

test('v1: without pushTime, an exit push 30 days old is refused as stale (code 3), as JSON and as a form', async () => {
  const stale = signed(inTableOrder(exitPush('渝A31000', Date.now() - 30 * 86_400_000)));
  for (const answer of [await postJson('exit', stale), await postForm('exit', stale)]) {
    assert.equal(answer.status, 401);
    assert.equal(answer.body.code, 3);
    assert.match(answer.body.message, /exitTime .* replay window/);
  }
});

test('v1: with pushTime, pushTime dates the push, as JSON and as a form', async () => {
  const old = exitPush('渝A31001', Date.now() - 30 * 86_400_000);
  const replayed = signed(inTableOrder({ ...old, pushTime: beijing(Date.now() - 30 * 86_400_000) }));
  for (const answer of [await postJson('exit', replayed), await postForm('exit', replayed)]) {
    assert.equal(answer.status, 401);
    assert.match(answer.body.message, /pushTime .* replay window/);
  }
});

test('v1: a fresh exit push reaches the lane with the fee in fen, signed in the table’s order or in the order it is sent (the spec’s example order)', async () => {
  const stream = await openLaneStream(proxy.url, LANE, LANE_KEY);
  try {
    const byTable = await postJson('exit', signed(inTableOrder(exitPush('渝A31002', Date.now()))));
    assert.equal(byTable.status, 200, JSON.stringify(byTable.body));
    const first = await stream.next('car.exit');
    assert.equal(first.plate, '渝A31002');
    assert.equal(first.receivableFen, 500);

    const byExample = await postJson('exit', signed({ ...exitPush('渝A31003', Date.now()), pushTime: beijing(Date.now()) }));
    assert.equal(byExample.status, 200, JSON.stringify(byExample.body));
    assert.equal((await stream.next('car.exit')).plate, '渝A31003');

    const asForm = await postForm('exit', signed(exitPush('渝A31004', Date.now())));
    assert.equal(asForm.status, 200, JSON.stringify(asForm.body));
    assert.equal((await stream.next('car.exit')).plate, '渝A31004');
  } finally {
    stream.close();
  }
});

test('v1: the sender’s order is no way around the key: a changed field or a foreign key is refused (code 4)', async () => {
  const push = signed(exitPush('渝A31005', Date.now()));
  const tampered = await postJson('exit', { ...push, receivableFee: '0' });
  assert.equal(tampered.status, 401);
  assert.equal(tampered.body.code, 4);
  const foreign = exitPush('渝A31006', Date.now());
  const forged = await postJson('exit', { ...foreign, signment: md5Upper(`${MERCHANT_NO}${JSON.stringify(foreign)}another-merchant-key`) });
  assert.equal(forged.status, 401);
  assert.equal(forged.body.code, 4);
});

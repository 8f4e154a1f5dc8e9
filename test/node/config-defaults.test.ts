/** The config's defaults are config/schema.json's own, filled in by the validator; the file as written is left alone. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { resolveConfig } from '../../src/proxy/config.js';
import { ROOT } from '../helpers/proxy-process.js';

const schema = JSON.parse(readFileSync(`${ROOT}config/schema.json`, 'utf8'));
const minimal = {
  lots: [
    {
      lotId: 'lot-1',
      name: 'Lot',
      payUrlTemplate: 'https://pay.example.com/{quoteId}',
      tariff: { rateDesc: '全天 0:00-24:00#免费时间|15 分钟%小型车|5 元/小时%大型车|5 元/小时' },
      feeSource: { type: 'welink', baseUrl: 'http://127.0.0.1:1', appId: 'app', secretKey: { env: 'S', default: 'secret-0123456789' }, parkId: '1' },
      cityPlatform: { type: 'shanghai', baseUrl: 'http://127.0.0.1:2', appId: 'a', password: { env: 'P', default: 'password-01' }, parkingId: 'p' },
      lanes: [{ laneId: 'exit-1', name: 'Exit', direction: 'exit', key: { env: 'K', default: 'lane-key-0123' } }],
    },
    { lotId: 'lot-2', name: 'ETCP', payUrlTemplate: 'x', feeSource: { type: 'etcp', baseUrl: 'http://127.0.0.1:3', merchantNo: 'm', merchantKey: { env: 'M', default: 'merchant-key-1' }, appId: 'a', mobilePhone: '1' }, lanes: [{ laneId: 'etcp-exit-1', name: 'Exit', direction: 'exit', key: { env: 'K2', default: 'lane-key-4567' } }] },
  ],
  rateLimits: { perIp: { burst: 5 } },
};
const defaultOf = (path: string[]): unknown => path.reduce((node: any, step) => node[step], schema).default;

test('every default is the schema’s, the chosen fee source’s included, and the written config is not changed', () => {
  const written = structuredClone(minimal);
  const config = resolveConfig(written, {});
  assert.deepEqual(written, minimal, 'the caller’s object is not filled in');
  const [lot, etcpLot] = config.lots;
  const lane = lot!.lanes[0]!;
  const lanes = ['$defs', 'lane', 'properties'];
  assert.deepEqual(
    [lane.locale, lane.farewellSeconds, lane.idleTimeoutSeconds, lane.plateReadConfidence],
    ['locale', 'farewellSeconds', 'idleTimeoutSeconds', 'plateReadConfidence'].map((field) => defaultOf([...lanes, field])),
  );
  assert.equal(lot!.quoteTtlSeconds, defaultOf(['$defs', 'lot', 'properties', 'quoteTtlSeconds']));
  assert.deepEqual(lot!.tariff && [lot!.tariff.capMode, lot!.tariff.freeMode, lot!.tariff.dailyCapFen], ['natural-day', 'waive', null]);
  const fee = lot!.feeSource;
  assert.ok(fee.type === 'welink');
  const welink = ['$defs', 'welinkFeeSource', 'properties'];
  assert.deepEqual([fee.encrypt, fee.gzip, fee.timestampUnit, fee.timeoutMs, fee.authPollMs, fee.authMaxPolls], ['encrypt', 'gzip', 'timestampUnit', 'timeoutMs', 'authPollMs', 'authMaxPolls'].map((f) => defaultOf([...welink, f])));
  const etcp = etcpLot!.feeSource;
  assert.ok(etcp.type === 'etcp');
  assert.deepEqual([etcp.version, etcp.timeoutMs, etcp.pushVersion], ['1.0.0', 4000, 2]);
  assert.deepEqual([lot!.cityPlatform?.curTimeUnit, lot!.cityPlatform?.heartbeatSeconds, lot!.cityPlatform?.freeBerth], ['s', 300, 0]);
  assert.deepEqual([config.host, config.port, config.trustProxy, config.interruptedAfterMs], ['127.0.0.1', 8080, false, 30_000]);
  assert.deepEqual(config.limits, { bodyTimeoutSeconds: 8, maxConnections: 1000, maxConnectionsPerAddress: 64, maxEventStreamsPerKey: 4 });
  assert.deepEqual(config.rateLimits, { perKey: { perMinute: 600, burst: 120 }, perKeyTotal: { perMinute: 6000, burst: 1200 }, perIp: { perMinute: 1200, burst: 5 } }, 'a partial limit keeps the other default');
  assert.deepEqual(config.state, { store: 'embedded', path: 'var/state' });
});

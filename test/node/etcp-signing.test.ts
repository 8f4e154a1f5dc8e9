import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { etcpSign, etcpSignment, etcpSignmentMatches, etcpTimeStamp } from '../../src/proxy/providers/etcp/signing.js';

test("the spec's signing example reproduces (seeds/001 §6)", () => {
  assert.equal(etcpSign('{"param1":"value1","param2":"value2","param3":"value3"}', 'noxxxxx', '20170721132452'), 'A3DE1813F4DDBADFC18555E18A2E579D');
});

test('time_stamp is Beijing time whatever the host zone', () => {
  assert.equal(etcpTimeStamp(Date.UTC(2017, 6, 21, 5, 24, 52)), '20170721132452');
});

test('push signment: merchant_no + data + key, uppercase, checked in constant time', () => {
  const data = '{"synId":"123","plateNumber":"沪A12345"}';
  const expected = createHash('md5').update(`M001${data}K001`).digest('hex').toUpperCase();
  assert.equal(etcpSignment('M001', data, 'K001'), expected);
  assert.equal(etcpSignmentMatches(expected.toLowerCase(), 'M001', data, 'K001'), true);
  assert.equal(etcpSignmentMatches(expected, 'M001', data.replace('123', '124'), 'K001'), false);
  assert.equal(etcpSignmentMatches(undefined, 'M001', data, 'K001'), false);
});

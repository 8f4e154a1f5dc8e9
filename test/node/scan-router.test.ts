/** The scan router's payment codes and coupon-link hosts, pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyScan } from '../../src/core/scan-router.js';

test('WeChat, Alipay and UnionPay payment codes are their own kind, without their digits', () => {
  for (const code of ['100000000000000000', '134567890123456789', '159999999999999999']) assert.deepEqual(classifyScan(code), { kind: 'payment-code', wallet: 'wechat' }, code);
  for (const code of ['2500000000000000', '289431869362714645', '300000000000000000000000']) assert.deepEqual(classifyScan(code), { kind: 'payment-code', wallet: 'alipay' }, code);
  assert.deepEqual(classifyScan(' 6212345678901234567\r'), { kind: 'payment-code', wallet: 'unionpay' });
});

test('numbers just outside the payment-code rules stay unknown', () => {
  for (const code of [
    '16456789012345678', // WeChat length, 17 digits
    '1345678901234567890', // WeChat prefix, 19 digits
    '160000000000000000', // 16 is no WeChat prefix
    '240000000000000000', // 24 is no Alipay prefix
    '310000000000000000', // nor 31
    '250000000000000', // Alipay, 15 digits
    '2500000000000000000000000', // Alipay, 25 digits
    '621234567890123456', // UnionPay, 18 digits
    '6901234567892', // an EAN-13 product code
  ]) assert.equal(classifyScan(code).kind, 'unknown', code);
});

test('coupon links are accepted only from the configured hosts; others are refused with the reason', () => {
  const couponHosts = ['mall.example.com', '*.coupons.example.net'];
  assert.deepEqual(classifyScan('https://mall.example.com/c?mchId=77&ruleId=8', { couponHosts }), { kind: 'coupon', mchId: '77', ruleId: '8' });
  assert.deepEqual(classifyScan('http://MALL.example.com/c?ruleId=8&mchId=77', { couponHosts }), { kind: 'coupon', mchId: '77', ruleId: '8' });
  assert.deepEqual(classifyScan('https://a.coupons.example.net/x?mchId=1&ruleId=2', { couponHosts }), { kind: 'coupon', mchId: '1', ruleId: '2' });
  assert.deepEqual(classifyScan('https://evil.example.org/c?mchId=77&ruleId=8', { couponHosts }), {
    kind: 'refused',
    reason: 'coupon-host',
    host: 'evil.example.org',
    message: "coupon links from evil.example.org are not accepted at this lot (add it to the lot's couponHosts to accept them)",
  });
  for (const lookalike of ['https://mall.example.com.evil.org/c?mchId=1&ruleId=2', 'https://coupons.example.net/c?mchId=1&ruleId=2', 'https://xcoupons.example.net/c?mchId=1&ruleId=2']) {
    assert.equal(classifyScan(lookalike, { couponHosts }).kind, 'refused', lookalike);
  }
  assert.equal(classifyScan('https://mall.example.com/c?mchId=77&ruleId=8').kind, 'refused', 'no hosts configured: no coupon links');
  assert.deepEqual(classifyScan('LKC1:1001:2002'), { kind: 'coupon', mchId: '1001', ruleId: '2002' }, 'an LKC1 code carries no host');
  assert.equal(classifyScan('https://evil.example.org/whatever', { couponHosts }).kind, 'unknown', 'a link that is no coupon');
});

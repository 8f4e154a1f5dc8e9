/** The partner widget tells page setup problems, a platform that is down and a lost network apart. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProxyRequestError, ProxyTimeoutError, ProxyUnreachableError } from '../../src/client/errors.js';
import { classifyLookupError, lookupErrorText } from '../../src/components/lane-fee-widget/lane-fee-widget.messages.js';

test('each failure has its own kind, and its own words in both languages', () => {
  const cases = [
    [new ProxyRequestError(401, 'partner-key-required', 'send the key'), 'partner-key'],
    [new ProxyRequestError(401, 'partner-key-unknown', 'not issued'), 'partner-key'],
    [new ProxyRequestError(403, 'lot-not-allowed', 'not this lot'), 'lot-not-allowed'],
    [new ProxyRequestError(403, 'origin-not-allowed', 'not this origin'), 'origin-not-allowed'],
    [new ProxyRequestError(429, 'rate-limited', 'too many', undefined, 7_200), 'rate-limited'],
    [new ProxyRequestError(503, 'etcp:unreachable', 'no answer', 'etcp'), 'platform-down'],
    [new ProxyRequestError(502, 'welink:9999', 'failed', 'welink'), 'platform-down'],
    [new ProxyRequestError(400, 'invalid-plate', 'bad plate'), 'invalid-plate'],
    [new ProxyRequestError(500, 'internal', 'the proxy failed'), 'refused'],
    [new ProxyTimeoutError('slow'), 'timeout'],
    [new ProxyUnreachableError('cannot reach the proxy: Failed to fetch'), 'unreachable'],
  ] as const;
  const words = new Map<string, Set<string>>();
  for (const [error, kind] of cases) {
    const classified = classifyLookupError(error);
    assert.equal(classified.kind, kind, error.message);
    for (const locale of ['zh-CN', 'en'] as const) {
      const text = lookupErrorText(classified, locale);
      assert.ok(!text.includes(classified.code), `no code in the driver's words: ${text}`);
      (words.get(locale) ?? words.set(locale, new Set()).get(locale)!).add(`${kind}\n${text}`);
    }
  }
  for (const [locale, seen] of words) {
    const texts = new Map([...seen].map((entry) => entry.split('\n') as [string, string]));
    assert.equal(new Set(texts.values()).size, texts.size, `${locale}: one text per kind`);
  }
  const limited = classifyLookupError(cases[4][0]);
  assert.deepEqual([limited.code, limited.retryAfterSeconds], ['rate-limited', 8]);
  assert.match(lookupErrorText(limited, 'zh-CN'), /8 秒/);
  assert.equal(classifyLookupError(cases[3][0]).code, 'origin-not-allowed', 'the precise code is kept for the page');
  assert.equal(classifyLookupError(cases[10][0]).code, 'network');
});

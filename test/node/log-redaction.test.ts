/** Secrets never reach a log line, in whatever spelling the line's JSON gives them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../src/proxy/log.js';

test('a secret holding a quote, a backslash or a control character is redacted from a log line as JSON escapes it', () => {
  const lines: string[] = [];
  const awkward = 'pa"ss\\word-0123\u0007';
  const log = createLogger([awkward], (line) => lines.push(line));
  log.warn('upstream error', { err: new Error(`platform says: expected key ${awkward}`), echoed: { key: awkward } });
  const line = JSON.parse(lines[0]!);
  assert.equal(line.err.message, 'platform says: expected key [redacted]');
  assert.equal(line.echoed.key, '[redacted]');
});

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

test('a child logger’s lines carry its bindings (a request’s id) and pass the same redaction; debug is below the default level', () => {
  const lines: string[] = [];
  const log = createLogger(['operator-secret-1'], (line) => lines.push(line));
  const request = log.child({ requestId: 'r-1' });
  request.info('ticket issued', { ticketNo: 'T1', note: 'key operator-secret-1' });
  request.debug('not written at the default level');
  log.warn('no request here');
  const [issued, warned] = lines.map((line) => JSON.parse(line));
  assert.equal(lines.length, 2);
  assert.deepEqual([issued.level, issued.msg, issued.requestId, issued.ticketNo, issued.note], ['info', 'ticket issued', 'r-1', 'T1', 'key [redacted]']);
  assert.ok(!Number.isNaN(Date.parse(issued.time)), 'an ISO time');
  assert.deepEqual([warned.level, warned.requestId], ['warn', undefined]);
});

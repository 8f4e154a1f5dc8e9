/** Telling a keyboard-wedge scanner's key bursts from a person's typing, pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyBurstDetector } from '../../src/hardware/key-burst.js';

function type(detector: KeyBurstDetector<string>, text: string, startAt: number, stepMs: number) {
  return [...text].map((char, i) => detector.character(char, char, startAt + i * stepMs));
}

test('a fast run ended by a terminator is a scan and the terminator is taken', () => {
  const detector = new KeyBurstDetector<string>();
  assert.ok(type(detector, 'LKC1:1:2', 0, 3).every((step) => step.taken && step.effects.length === 0));
  assert.deepEqual(detector.terminator(24), { effects: [{ scan: 'LKC1:1:2' }], taken: true });
  assert.equal(detector.holding, false);
});

test('a short run is given back as typing, and its terminator is the page’s', () => {
  const detector = new KeyBurstDetector<string>();
  type(detector, 'ab', 0, 5);
  assert.deepEqual(detector.terminator(10), { effects: [{ release: ['a', 'b'] }], taken: false });
});

test('keys at human speed are given back one by one; a pause ends a run', () => {
  const detector = new KeyBurstDetector<string>();
  const steps = type(detector, 'abc', 0, 120);
  assert.deepEqual(steps.map((s) => s.effects), [[], [{ release: ['a'] }], [{ release: ['b'] }]]);
  assert.deepEqual(detector.end(), [{ release: ['c'] }]);
  assert.deepEqual(detector.end(), [], 'nothing held');
});

test('a run long enough ended by a gap (no terminator) is a scan; a late terminator is then the page’s', () => {
  const detector = new KeyBurstDetector<string>();
  type(detector, '134567890123456789', 0, 3);
  assert.deepEqual(detector.terminator(500), { effects: [{ scan: '134567890123456789' }], taken: false });
});

test('another key (Backspace, a shortcut) ends a run; the limits are configurable', () => {
  const detector = new KeyBurstDetector<string>({ maxKeyGapMs: 50, minBurstLength: 2 });
  type(detector, 'xy', 0, 40);
  assert.deepEqual(detector.other(), { effects: [{ scan: 'xy' }], taken: false });
  type(detector, 'z', 100, 0);
  assert.deepEqual(detector.other(), { effects: [{ release: ['z'] }], taken: false });
});

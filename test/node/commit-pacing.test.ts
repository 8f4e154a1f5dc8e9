import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CommitPacing } from '../../src/proxy/state/commit-pacing.js';

test('a put into a quiet store commits at once; one right behind it is grouped', () => {
  const pacing = new CommitPacing(2);
  assert.equal(pacing.begin(1000), 'now');
  pacing.ended(1000.5);
  assert.equal(pacing.begin(1001), 'grouped');
  pacing.ended(1001.2);
  assert.equal(pacing.begin(1003.2), 'now');
});

test('quiet counts from when the last put ended, so a slow flush does not make the next put look quiet', () => {
  const pacing = new CommitPacing(2);
  assert.equal(pacing.begin(0), 'now');
  // The flush took 3 ms; the next put arrives just after it, 3.1 ms after the first began.
  pacing.ended(3);
  assert.equal(pacing.begin(3.1), 'grouped');
  pacing.ended(3.4);
});

test('a put while another is in flight is grouped, however long ago the last one ended', () => {
  const pacing = new CommitPacing(2);
  assert.equal(pacing.begin(0), 'now');
  pacing.ended(0.5);
  assert.equal(pacing.begin(100), 'now');
  assert.equal(pacing.begin(110), 'grouped');
  assert.equal(pacing.begin(120), 'grouped');
  pacing.ended(121);
  pacing.ended(121.5);
  // One still open: not quiet, even 10 ms on.
  assert.equal(pacing.begin(131), 'grouped');
  pacing.ended(131.2);
  pacing.ended(131.4);
  assert.equal(pacing.begin(134), 'now');
});

test('puts ending out of order keep the latest end', () => {
  const pacing = new CommitPacing(2);
  pacing.begin(0);
  pacing.begin(0.1);
  pacing.ended(5);
  pacing.ended(4);
  assert.equal(pacing.begin(6), 'grouped');
});

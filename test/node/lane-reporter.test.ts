/** The lane's reports to the attendants' board: batched changes, a 5 s heartbeat, screen ages by the lane's own timing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LaneReporter, type LaneBoardReport } from '../../src/client/lane-reporter.js';

test('changes go out batched within a quarter second, a heartbeat every 5 s, and the screen age restarts only when the screen changes', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 1_000_000 });
  const sent: LaneBoardReport[] = [];
  const reporter = new LaneReporter(async (report) => void sent.push(report), () => Date.now());
  reporter.update({ screen: 'idle', printer: 'ok', scanner: 'ok' });
  reporter.update({ gate: 'ok' });
  assert.equal(sent.length, 0);
  t.mock.timers.tick(250);
  assert.equal(sent.length, 1, 'two updates, one report');
  assert.deepEqual(sent[0]!.board, { screen: 'idle', plate: null, dueFen: null, screenAgeMs: 250, printer: 'ok', scanner: 'ok', gate: 'ok', clockSkewMs: null });

  t.mock.timers.tick(1_000);
  reporter.update({ screen: 'idle', plate: '沪A12345' }); // a plate typed, still the idle screen
  t.mock.timers.tick(250);
  assert.equal(sent[1]!.board.screenAgeMs, 1_500);
  reporter.update({ screen: 'quoted', dueFen: 1500 });
  t.mock.timers.tick(250);
  assert.deepEqual([sent[2]!.board.screen, sent[2]!.board.dueFen, sent[2]!.board.screenAgeMs], ['quoted', 1500, 250]);

  const before = sent.length;
  t.mock.timers.tick(5_000);
  assert.equal(sent.length, before + 1, 'a heartbeat with nothing new');
  assert.equal(sent.at(-1)!.board.screenAgeMs, 5_250);
  reporter.stop();
  t.mock.timers.tick(20_000);
  assert.equal(sent.length, before + 1, 'stopped means silent');
});

test('a failed report is dropped, not retried: the next one carries everything', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  let calls = 0;
  const reporter = new LaneReporter(async () => {
    calls++;
    throw new Error('offline');
  });
  reporter.update({ screen: 'idle' });
  t.mock.timers.tick(250);
  await Promise.resolve();
  assert.equal(calls, 1);
  t.mock.timers.tick(5_000);
  assert.equal(calls, 2);
  reporter.stop();
});

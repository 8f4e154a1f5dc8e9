/** An entry lane on the attendants' board, and which remote actions a lane still carries out. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryBoardScreenOf } from '../../src/core/attendant/lane-board.js';
import { isCurrentRemoteAction, REMOTE_ACTION_TTL_MS } from '../../src/core/attendant/staff-access.js';

test('an entry lane shows idle while it checks and prints, admitted with the ticket out, full when it turns a car away, error on a fault', () => {
  assert.deepEqual(
    (['idle', 'checking', 'issuing', 'printed', 'full', 'error'] as const).map(entryBoardScreenOf),
    ['idle', 'idle', 'idle', 'admitted', 'full', 'error'],
  );
});

test('a remote action is carried out within 30 s of being sent, judged on the proxy’s clock; a replay after a long outage is dropped', () => {
  const at = Date.parse('2026-12-03T18:00:00+08:00');
  const command = { kind: 'open-gate', reason: '道闸故障', by: 'zhang', at, actionId: 'a1', seen: { plate: null, dueFen: null } } as const;
  assert.equal(isCurrentRemoteAction(command, at + 1_000, 0), true);
  assert.equal(isCurrentRemoteAction(command, at + REMOTE_ACTION_TTL_MS + 1, 0), false, 'heard 30 s late: the car it was for has gone');
  // The lane's clock runs 40 s ahead of the proxy's: the action is still fresh.
  assert.equal(isCurrentRemoteAction(command, at + 40_000 + 1_000, 40_000), true);
  assert.equal(isCurrentRemoteAction(command, at + 40_000 + 1_000, null), false, 'skew not yet measured: the lane’s own clock decides');
  assert.equal(isCurrentRemoteAction(command, at - REMOTE_ACTION_TTL_MS - 1, 0), false, 'from the future: not trusted either');
});

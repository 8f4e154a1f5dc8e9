/** An entry lane on the attendants' board: what each of its screens reads as. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryBoardScreenOf } from '../../src/core/attendant/lane-board.js';

test('an entry lane shows idle while it checks and prints, admitted with the ticket out, full when it turns a car away, error on a fault', () => {
  assert.deepEqual(
    (['idle', 'checking', 'issuing', 'printed', 'full', 'error'] as const).map(entryBoardScreenOf),
    ['idle', 'idle', 'idle', 'admitted', 'full', 'error'],
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryTransition, initialEntryState, type EntryAction, type EntryState } from '../../src/core/entry-machine.js';

const entry = { ticketNo: 'T1', payload: 'LKT1.x.y', enteredAt: '2026-11-23T09:00:00+08:00', plate: '沪A12345' };

function run(actions: EntryAction[], from: EntryState = initialEntryState): EntryState[] {
  const states: EntryState[] = [];
  let state = from;
  for (const action of actions) states.push((state = entryTransition(state, action)));
  return states;
}

test('a car with a space: press → check → issue → printed → idle', () => {
  const states = run([{ type: 'ticket-requested', plate: '沪A12345' }, { type: 'admitted', reason: 'space' }, { type: 'ticket-issued', entry, printed: true }, { type: 'reset' }]);
  assert.deepEqual(states.map((s) => s.name), ['checking', 'issuing', 'printed', 'idle']);
  assert.deepEqual(states[2], { name: 'printed', entry, reason: 'space', printed: true });
});

test('a full lot turns the car away unless a reservation or stagger agreement admits it', () => {
  assert.deepEqual(run([{ type: 'ticket-requested', plate: '沪A12345' }, { type: 'lot-full' }]).at(-1), { name: 'full', plate: '沪A12345' });
  const reserved = run([{ type: 'ticket-requested', plate: '沪A12345' }, { type: 'admitted', reason: 'reservation' }, { type: 'ticket-issued', entry, printed: false }]);
  assert.deepEqual(reserved.at(-1), { name: 'printed', entry, reason: 'reservation', printed: false });
});

test('failures become an error that a new press or back leaves; stray answers change nothing', () => {
  const error = run([{ type: 'ticket-requested', plate: null }, { type: 'failed', error: { kind: 'network', code: 'network', message: 'down' } }]).at(-1)!;
  assert.equal(error.name, 'error');
  assert.equal(entryTransition(error, { type: 'ticket-requested', plate: null }).name, 'checking');
  assert.equal(entryTransition(error, { type: 'reset' }), initialEntryState);
  assert.equal(entryTransition(initialEntryState, { type: 'admitted', reason: 'space' }), initialEntryState);
  const printed: EntryState = { name: 'printed', entry, reason: 'space', printed: true };
  assert.equal(entryTransition(printed, { type: 'ticket-requested', plate: null }), printed, 'no second ticket while the first is shown');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRealtime, decodeAsb, StatusReader, UNKNOWN_STATUS } from '../../src/hardware/printer-status.js';

test('ASB packets decode every documented bit', () => {
  assert.deepEqual(decodeAsb([0x10, 0, 0, 0]), { online: true, coverOpen: false, paperEnd: false, paperNearEnd: false, error: false });
  assert.deepEqual(decodeAsb([0x10 | 0x08 | 0x20, 0, 0, 0]), { online: false, coverOpen: true, paperEnd: false, paperNearEnd: false, error: false });
  assert.deepEqual(decodeAsb([0x18, 0, 0x0c, 0]), { online: false, coverOpen: false, paperEnd: true, paperNearEnd: false, error: false });
  assert.deepEqual(decodeAsb([0x10, 0, 0x03, 0]).paperNearEnd, true);
  assert.equal(decodeAsb([0x18, 0x20, 0, 0]).error, true);
});

test('DLE EOT answers fold into the status', () => {
  let status = { ...UNKNOWN_STATUS, connected: true };
  status = applyRealtime(status, 1, 0x12);
  assert.equal(status.online, true);
  status = applyRealtime(status, 2, 0x12 | 0x04);
  assert.equal(status.coverOpen, true);
  status = applyRealtime(status, 4, 0x12 | 0x0c);
  assert.deepEqual([status.paperNearEnd, status.paperEnd], [true, false]);
  status = applyRealtime(status, 4, 0x12 | 0x60);
  assert.equal(status.paperEnd, true);
  assert.equal(applyRealtime(status, 1, 0x1a).online, false);
});

test('interleaved ASB packets and DLE EOT answers split correctly, across chunk boundaries', () => {
  const reader = new StatusReader();
  const stream = [0x12, 0x18, 0x00, 0x0c, 0x00, 0x16, 0xff, 0x12];
  const messages = [...reader.push(new Uint8Array(stream.slice(0, 3))), ...reader.push(new Uint8Array(stream.slice(3)))];
  assert.deepEqual(messages.map((m) => m.kind), ['realtime', 'asb', 'realtime', 'realtime']);
  assert.equal(messages[1]!.kind === 'asb' && messages[1]!.status.paperEnd, true);
  assert.equal(messages[2]!.kind === 'realtime' && messages[2]!.value, 0x16);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRealtime, decodeAsb, StatusReader, UNKNOWN_STATUS } from '../../src/hardware/printer-status.js';

test('ASB packets decode every documented bit', () => {
  const clear = { online: true, coverOpen: false, paperEnd: false, paperNearEnd: false, error: false, recoverableError: false };
  assert.deepEqual(decodeAsb([0x10, 0, 0, 0]), clear);
  assert.deepEqual(decodeAsb([0x10 | 0x08 | 0x20, 0, 0, 0]), { ...clear, online: false, coverOpen: true });
  assert.deepEqual(decodeAsb([0x18, 0, 0x0c, 0]), { ...clear, online: false, paperEnd: true });
  assert.deepEqual(decodeAsb([0x10, 0, 0x03, 0]).paperNearEnd, true);
  assert.equal(decodeAsb([0x18, 0x20, 0, 0]).error, true);
  assert.deepEqual(decodeAsb([0x18, 0x40, 0, 0]), { ...clear, online: false, recoverableError: true }, 'byte 2 bit 6: automatically recoverable error');
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

test('XON and XOFF between the bytes of an ASB packet are skipped, the packet still decodes', () => {
  const reader = new StatusReader();
  const messages = reader.push(new Uint8Array([0x18, 0x13, 0x40, 0x13, 0x0c, 0x11, 0x00, 0x12]));
  assert.deepEqual(messages.map((m) => m.kind), ['asb', 'realtime']);
  assert.equal(messages[0]!.kind === 'asb' && messages[0]!.status.recoverableError, true);
  assert.equal(messages[0]!.kind === 'asb' && messages[0]!.status.paperEnd, true);
});

test('a stray byte that looks like an ASB start is not taken for a packet: bytes 2-4 must keep bits 4 and 7 clear', () => {
  const reader = new StatusReader();
  // 0x14 looks like an ASB start; 0x96 breaks the fixed bits, so no packet. The real packet follows.
  const stray = reader.push(new Uint8Array([0x14, 0x00, 0x96]));
  assert.deepEqual(stray, []);
  // A stray start followed by a DLE EOT answer: the answer is kept, no packet made of it.
  const answer = reader.push(new Uint8Array([0x1c, 0x12]));
  assert.deepEqual(answer, [{ kind: 'realtime', value: 0x12 }]);
  const packet = reader.push(new Uint8Array([0x10, 0x00, 0x00, 0x00]));
  assert.deepEqual(packet.map((m) => m.kind), ['asb']);
  assert.equal(packet[0]!.kind === 'asb' && packet[0]!.status.online, true);
});

test('DLE EOT 3 reports the automatically recoverable error apart from the others', () => {
  const status = applyRealtime({ ...UNKNOWN_STATUS, connected: true, error: true }, 3, 0x12 | 0x40);
  assert.deepEqual([status.recoverableError, status.error], [true, false]);
  assert.equal(applyRealtime(status, 3, 0x12 | 0x08).error, true, 'autocutter error');
});

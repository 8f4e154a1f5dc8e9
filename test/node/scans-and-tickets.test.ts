import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyScan } from '../../src/core/scan-router.js';
import { decodeScan, ScanFramer } from '../../src/hardware/scan-decoding.js';
import { VirtualScanner } from '../../src/hardware/virtual/virtual-scanner.js';
import { issueTicket, TicketError, verifyTicket } from '../../src/proxy/tickets.js';

const KEY = 'test-ticket-key-0123456789';

test('tickets: issued, verified, and refused when forged or altered', () => {
  const now = Date.UTC(2026, 10, 23, 1, 2, 3);
  const { claims, payload } = issueTicket(KEY, 'welink-demo', 'entry-1', now);
  assert.match(claims.ticketNo, /^T20261123090203\d{4}$/);
  assert.deepEqual(verifyTicket(KEY, payload), claims);
  assert.equal(classifyScan(payload).kind, 'ticket');
  assert.throws(() => verifyTicket('another-key-0123456789', payload), TicketError);
  const [prefix, body, signature] = payload.split('.');
  const forgedBody = Buffer.from(JSON.stringify({ n: claims.ticketNo, l: 'welink-demo', g: 'entry-1', e: now - 86_400_000 })).toString('base64url');
  assert.throws(() => verifyTicket(KEY, `${prefix}.${forgedBody}.${signature}`), /forged or altered/);
  const flipped = signature!.slice(0, -1) + (signature!.endsWith('A') ? 'B' : 'A');
  assert.throws(() => verifyTicket(KEY, `${prefix}.${body}.${flipped}`), TicketError);
  assert.throws(() => verifyTicket(KEY, 'LKT1.garbage'), /not a lane-kiosk ticket/);
});

test('the scan router tells tickets, coupons and plates apart', () => {
  assert.deepEqual(classifyScan('LKC1:1001:2002'), { kind: 'coupon', mchId: '1001', ruleId: '2002' });
  assert.deepEqual(classifyScan('https://mall.example.com/c?mchId=77&ruleId=8', { couponHosts: ['mall.example.com'] }), { kind: 'coupon', mchId: '77', ruleId: '8' });
  assert.deepEqual(classifyScan(' 沪a12345 '), { kind: 'plate', plate: '沪A12345' });
  assert.deepEqual(classifyScan('沪AD12345'), { kind: 'plate', plate: '沪AD12345' });
  assert.equal(classifyScan('https://example.com/whatever').kind, 'unknown');
  assert.equal(classifyScan('6901234567892').kind, 'unknown', 'a product barcode is not ours');
  assert.equal(classifyScan('LKT1.short.sig').kind, 'unknown');
});

test('scan decoding: AIM identifiers, UTF-8, GB18030, binary and empty', () => {
  const bytes = (text: string, options = {}) => VirtualScanner.bytesFor(text, { suffix: '', ...options });
  assert.deepEqual(decodeScan(bytes('LKC1:1:2', { aim: ']Q1' })), { ok: true, text: 'LKC1:1:2', symbology: 'qr', encoding: 'utf-8' });
  assert.deepEqual(decodeScan(bytes('沪A12345')), { ok: true, text: '沪A12345', symbology: null, encoding: 'utf-8' });
  assert.deepEqual(decodeScan(bytes('沪A12345', { encoding: 'gb18030', aim: ']C0' })), { ok: true, text: '沪A12345', symbology: 'code128', encoding: 'gb18030' });
  assert.equal(decodeScan(new Uint8Array([0x41, 0x00, 0x42])).ok, false);
  const garbage = decodeScan(new Uint8Array([0xff, 0xfe, 0x81, 0x00]));
  assert.equal(garbage.ok === false && garbage.problem, 'undecodable');
  const empty = decodeScan(new TextEncoder().encode(']Q1'));
  assert.equal(empty.ok === false && empty.problem, 'empty');
});

test('framing: CR, LF and CRLF end scans; silence ends suffix-less ones; long lines are dropped alone', () => {
  const framer = new ScanFramer({ idleMs: 50, staleMs: 1000, learnMs: 300, maxLength: 16, suffix: 'idle' });
  const texts = (frames: ReturnType<ScanFramer['push']>) => frames.map((f) => (f.ok ? new TextDecoder().decode(f.bytes) : `!${f.problem}`));
  assert.deepEqual(texts(framer.push(new TextEncoder().encode('A1\rB2\r\nC3\nD'), 0)), ['A1', 'B2', 'C3']);
  assert.deepEqual(texts(framer.flushIfIdle(10)), [], 'not yet idle');
  assert.deepEqual(texts(framer.push(new TextEncoder().encode('4'), 20)), []);
  assert.deepEqual(texts(framer.flushIfIdle(80)), ['D4']);
  assert.deepEqual(texts(framer.push(new TextEncoder().encode('X'.repeat(40) + '\rOK\r'), 100)), ['!too-long', 'OK']);
});

/** Scan decoding and framing, pure: encodings checked against iconv-lite as the independent encoder. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { PLATE_SUFFIXES, PROVINCES } from '../../src/core/plate.js';
import { decodeScan, ScanFramer, type FramerOptions, type Frame } from '../../src/hardware/scan-decoding.js';

const gb = (text: string) => new Uint8Array(iconv.encode(text, 'gb18030'));
const utf8 = (text: string) => new Uint8Array(iconv.encode(text, 'utf-8'));

/** Every province prefix, and each suffix on a plate of its own (使 and 领 are embassy/consulate plates). */
const PLATES = [...[...PROVINCES].map((p) => `${p}A12345`), ...[...PLATE_SUFFIXES].map((s) => `粤B1234${s}`), '使123456', '沪A1234领', '鲁AD12345', '鲁A1234学'];

test('every province prefix and plate suffix decodes right from GB18030 and from UTF-8 (auto)', () => {
  for (const plate of PLATES) {
    assert.deepEqual(decodeScan(gb(plate)), { ok: true, text: plate, symbology: null, encoding: 'gb18030' }, `${plate} in GB18030`);
    assert.deepEqual(decodeScan(utf8(plate)), { ok: true, text: plate, symbology: null, encoding: 'utf-8' }, `${plate} in UTF-8`);
  }
});

test('the plates whose GB18030 bytes are also valid UTF-8 are the ones the lane alphabet settles', () => {
  const ambiguous = PLATES.filter((plate) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(gb(plate));
      return true;
    } catch {
      return false;
    }
  });
  // The defect: 鲁 C2 B3 read as "³", 豫 D4 A5 as "ԥ"; 使 CA B9 and 学 D1 A7 the same way.
  assert.deepEqual(ambiguous, ['鲁A12345', '豫A12345', '使123456', '鲁AD12345', '鲁A1234学']);
  assert.deepEqual([...gb('鲁A12345').subarray(0, 2)], [0xc2, 0xb3]);
});

test('a scanner set to one encoding is read in it alone', () => {
  assert.deepEqual(decodeScan(gb('豫A12345'), 'gb18030'), { ok: true, text: '豫A12345', symbology: null, encoding: 'gb18030' });
  // Set to UTF-8, the same bytes are UTF-8 by decree: the setting is the staff's word.
  assert.deepEqual(decodeScan(gb('豫A12345'), 'utf-8'), { ok: true, text: 'ԥA12345', symbology: null, encoding: 'utf-8' });
  const wrong = decodeScan(gb('沪A12345'), 'utf-8');
  assert.equal(wrong.ok === false && wrong.problem, 'undecodable');
  assert.match(wrong.ok ? '' : wrong.message, /not UTF-8 text; check the scanner's character-encoding setting/);
  assert.deepEqual(decodeScan(utf8('京N8P8F8'), 'utf-8'), { ok: true, text: '京N8P8F8', symbology: null, encoding: 'utf-8' });
});

test('ASCII codes, UTF-8 text with the signs Chinese text uses, and AIM prefixes read as UTF-8', () => {
  for (const text of ['LKC1:1001:2002', '134567890123456789', 'https://mall.example.com/c?mchId=1&ruleId=2', '¥15.00 · 2×', '实收￥15.00，一路顺风']) {
    assert.deepEqual(decodeScan(utf8(text)), { ok: true, text, symbology: null, encoding: 'utf-8' }, text);
  }
  assert.deepEqual(decodeScan(new Uint8Array([...utf8(']Q1'), ...gb('鲁B54321')])), { ok: true, text: '鲁B54321', symbology: 'qr', encoding: 'gb18030' });
});

test('NUL padding around a scan is stripped; NUL inside one is binary', () => {
  assert.deepEqual(decodeScan(new Uint8Array([0, 0, ...utf8(']C0T2026'), 0])), { ok: true, text: 'T2026', symbology: 'code128', encoding: 'utf-8' });
  const inside = decodeScan(new Uint8Array([0x41, 0x00, 0x42]));
  assert.equal(inside.ok === false && inside.problem, 'binary');
  const nothing = decodeScan(new Uint8Array([0, 0]));
  assert.equal(nothing.ok === false && nothing.problem, 'empty');
});

const OPTIONS: FramerOptions = { idleMs: 50, staleMs: 1000, learnMs: 300, maxLength: 16, suffix: 'auto' };
const texts = (frames: Frame[]) => frames.map((f) => (f.ok ? new TextDecoder().decode(f.bytes) : `!${f.problem}`));
const ascii = (text: string) => new TextEncoder().encode(text);

test('after 10,000 junk bytes with no terminator the framer recovers at the next silence or terminator', () => {
  const framer = new ScanFramer(OPTIONS);
  const junk = new Uint8Array(10_000).fill(0x58);
  assert.deepEqual(texts(framer.push(junk, 0)), []);
  assert.equal(framer.deadline(), 300, 'the overflow ends with the next silence');
  assert.deepEqual(texts(framer.flushIfIdle(300)), ['!too-long']);
  assert.equal(framer.pending, false);
  assert.deepEqual(texts(framer.push(ascii('A1'), 400)), []);
  assert.deepEqual(texts(framer.flushIfIdle(450)), ['A1'], 'the next suffix-less scan');
  assert.deepEqual(texts(framer.push(ascii('B2\r'), 600)), ['B2'], 'and the next CR-terminated one');

  const learnt = new ScanFramer(OPTIONS);
  learnt.push(ascii('C3\r'), 0);
  learnt.push(junk, 10);
  assert.deepEqual(texts(learnt.push(ascii('\rD4\r'), 20)), ['!too-long', 'D4'], 'a terminator ends the overflow too');
  learnt.push(junk, 30);
  assert.equal(learnt.deadline(), 1030, 'bounded by the stale limit when the scanner sends a suffix');
  assert.deepEqual(texts(learnt.flushIfIdle(1030)), ['!too-long']);
});

test('a fresh auto framer keeps the first CR-terminated scan whole in 100 ms chunks, and learns a scanner without a suffix from a longer silence', () => {
  const fresh = new ScanFramer(OPTIONS);
  assert.equal(fresh.suffixLearnt, null);
  fresh.push(ascii('T2026'), 0);
  assert.deepEqual(texts(fresh.flushIfIdle(100)), [], 'a 100 ms pause does not end the first scan');
  fresh.push(ascii('1123'), 100);
  assert.deepEqual(texts(fresh.flushIfIdle(200)), []);
  assert.deepEqual(texts(fresh.push(ascii('0902\r'), 200)), ['T202611230902']);
  assert.equal(fresh.suffixLearnt, true);

  const bare = new ScanFramer(OPTIONS);
  bare.push(ascii('沪A1'), 0);
  assert.deepEqual(texts(bare.flushIfIdle(299)), []);
  assert.deepEqual(texts(bare.flushIfIdle(300)), ['沪A1'], 'silence ends it');
  assert.equal(bare.suffixLearnt, false);
  bare.push(ascii('B2'), 1000);
  assert.equal(bare.deadline(), 1050, 'learnt: the short idle gap ends the next scans');

  const remembered = new ScanFramer({ ...OPTIONS, suffixLearnt: false });
  remembered.push(ascii('C3'), 0);
  assert.deepEqual(texts(remembered.flushIfIdle(50)), ['C3'], 'what an earlier session learnt counts from the first scan');
});

test('the overflow report says how much was dropped; memory stays within the limit', () => {
  const framer = new ScanFramer(OPTIONS);
  const [report] = framer.push(new Uint8Array([...new Uint8Array(10_000).fill(0x41), 0x0d]), 0);
  assert.deepEqual(report, { ok: false, problem: 'too-long', message: 'a scan of 10000 bytes (over 16) was dropped' });
});

test('once a suffix is seen, slow chunks stay one scan; a scan that never gets its suffix is dropped when stale', () => {
  const framer = new ScanFramer(OPTIONS);
  assert.deepEqual(texts(framer.push(ascii('A1\r'), 0)), ['A1']);
  assert.equal(framer.framesOnSuffix, true);
  assert.deepEqual(texts(framer.push(ascii('沪'), 100)), []);
  assert.deepEqual(texts(framer.flushIfIdle(200)), [], 'a 100 ms pause does not split the scan');
  assert.deepEqual(texts(framer.push(ascii('B2'), 200)), []);
  assert.deepEqual(texts(framer.push(ascii('3\r'), 300)), ['沪B23']);
  framer.push(ascii('PARTIAL'), 400);
  assert.deepEqual(texts(framer.flushIfIdle(1399)), []);
  assert.deepEqual(texts(framer.flushIfIdle(1400)), ['!incomplete']);
  assert.equal(framer.framesOnSuffix, false, 'auto goes back to idle framing: the scanner may have lost its suffix setting');
  assert.equal(framer.suffixLearnt, false);
  framer.push(ascii('C4'), 1500);
  assert.deepEqual(texts(framer.flushIfIdle(1550)), ['C4']);
});

test('suffix set: the first scan already frames on it; idle set: silence frames even after a CR', () => {
  const suffix = new ScanFramer({ ...OPTIONS, suffix: 'suffix' });
  suffix.push(ascii('A1'), 0);
  assert.deepEqual(texts(suffix.flushIfIdle(100)), []);
  assert.deepEqual(texts(suffix.push(ascii('B2\r'), 100)), ['A1B2']);
  const idle = new ScanFramer({ ...OPTIONS, suffix: 'idle' });
  assert.deepEqual(texts(idle.push(ascii('A1\rB2'), 0)), ['A1']);
  assert.deepEqual(texts(idle.flushIfIdle(50)), ['B2']);
});

test('NUL noise between scans starts no frame', () => {
  const framer = new ScanFramer(OPTIONS);
  assert.deepEqual(texts(framer.push(new Uint8Array([0, 0, ...ascii('A1'), 0, 0x0d, 0, 0]), 0)), ['A1\u0000']);
  assert.equal(framer.pending, false);
  assert.equal(framer.deadline(), null);
});

test('a scanner set to a Tab suffix frames on it, slow chunks included, and the tab is not part of the scan', () => {
  const framer = new ScanFramer(OPTIONS);
  assert.deepEqual(texts(framer.push(ascii('A1\t'), 0)), ['A1']);
  assert.equal(framer.framesOnSuffix, true);
  framer.push(ascii('B2'), 100);
  assert.deepEqual(texts(framer.flushIfIdle(200)), [], 'a 100 ms pause does not split the scan');
  assert.deepEqual(texts(framer.push(ascii('3\t'), 300)), ['B23']);
  const decoded = decodeScan(framer.push(gb('鲁A12345\t'), 400).map((f) => (f.ok ? f.bytes : new Uint8Array()))[0]!);
  assert.deepEqual(decoded, { ok: true, text: '鲁A12345', symbology: null, encoding: 'gb18030' });
});

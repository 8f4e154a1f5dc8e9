/**
 * Welink signing and content encoding: the spec's vector, every encryptCode/zipCode combination
 * through adapter and simulator over HTTP, and the simulator refusing any tampering.
 */
import assert from 'node:assert/strict';
import { createCipheriv, createHmac } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { type WelinkClient, type WelinkCredentials } from '../../src/proxy/providers/welink/client.js';
import { decodeWelinkContent, encodeWelinkContent, WelinkContentError } from '../../src/proxy/providers/welink/content.js';
import { WelinkError } from '../../src/proxy/providers/welink/errors.js';
import { welinkSignature, welinkSigningString } from '../../src/proxy/providers/welink/signing.js';
import { beijingText, openContent, sealContent } from '../../src/proxy/sims/welink/wire.js';
import { simWelinkClient, startWelinkSim, type SimServer } from '../helpers/welink-sim-server.js';

// Spec 4.2.2. The printed content is OCR-damaged ("ZXliOi"); the repaired base64 ("ZXIi")
// decodes to {"Parameter": "1"} and reproduces the printed signature exactly.
const SPEC = {
  secretKey: '27a06832a2214a4fa3b7105e4a72d370',
  params: {
    AppId: '289efb7512e54146273b982456b03f42ea93',
    Timestamp: '1484718385',
    Nonce: '11886',
    ParkId: '10001088',
    encryptCode: '0',
    zipCode: '0',
    content: 'ew0KICAgICJQYXJhbWV0ZXIiOiAiMSINCn0=',
  },
  signingString:
    'AppId=289efb7512e54146273b982456b03f42ea93&Nonce=11886&ParkId=10001088&Timestamp=1484718385&content=ew0KICAgICJQYXJhbWV0ZXIiOiAiMSINCn0=&encryptCode=0&zipCode=0',
  signature: 'wjcPhdy3jaRJp5GWjpEI/+4gvos=',
  urlEncodedSignature: 'wjcPhdy3jaRJp5GWjpEI%2F%2B4gvos%3D',
};

test("the spec's signing example reproduces", () => {
  assert.equal(welinkSigningString(SPEC.params), SPEC.signingString);
  assert.equal(welinkSignature(SPEC.secretKey, SPEC.params), SPEC.signature);
  assert.equal(encodeURIComponent(SPEC.signature), SPEC.urlEncodedSignature);
  assert.deepEqual(decodeWelinkContent(SPEC.params.content, SPEC.secretKey, { encrypt: false, gzip: false }), { Parameter: '1' });
});

test('signing by hand: empty values dropped, underscores as dots, code-unit order', () => {
  const params = { b_x: '2', B: '1', a: '', Signature: 'ignored', content: '' };
  assert.equal(welinkSigningString(params), 'B=1&b.x=2');
  const expected = createHmac('sha1', 'k').update('B=1&b.x=2').digest('base64');
  assert.equal(welinkSignature('k', params), expected);
});

test("the simulator writes Beijing wall-clock times as Welink does, midnight as 00, whatever the host's zone", () => {
  assert.equal(beijingText(Date.UTC(2026, 10, 23, 2, 5, 9)), '2026-11-23 10:05:09');
  assert.equal(beijingText(Date.UTC(2026, 10, 22, 16, 0, 0)), '2026-11-23 00:00:00');
  assert.equal(beijingText(Date.UTC(2026, 11, 31, 15, 59, 59)), '2026-12-31 23:59:59');
  assert.equal(beijingText(Date.UTC(2026, 11, 31, 16, 0, 0)), '2027-01-01 00:00:00');
});

test('content: 3DES-ECB with the first 24 secret characters, gzip after encryption', () => {
  const secret = 'abcdefghijklmnopqrstuvwxyz0123';
  const payload = { plateNumber: '沪A12345', userId: 'lane-exit-1' };
  for (const encrypt of [false, true]) {
    for (const gzip of [false, true]) {
      const content = encodeWelinkContent(payload, secret, { encrypt, gzip });
      assert.deepEqual(decodeWelinkContent(content, secret, { encrypt, gzip }), payload);
      if (gzip) assert.deepEqual([...Buffer.from(content, 'base64').subarray(0, 2)], [0x1f, 0x8b], 'gzip is the outer layer');
    }
  }
  // Only the first 24 characters key 3DES: a different tail decodes the same.
  const sealed = encodeWelinkContent(payload, secret, { encrypt: true, gzip: false });
  assert.deepEqual(decodeWelinkContent(sealed, `${secret.slice(0, 24)}ZZZZ`, { encrypt: true, gzip: false }), payload);
});

test('content: the reused 3DES ciphers match a fresh PKCS5 cipher at every padding length, across keys and calls', () => {
  const keys = ['abcdefghijklmnopqrstuvwxyz0123', 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876'];
  const fresh = (secret: string, text: string) => {
    const cipher = createCipheriv('des-ede3', Buffer.from(secret.slice(0, 24)), null);
    return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
  };
  // Strings of 2 to 18 bytes of JSON: every padding length from 8 down to 1, then whole blocks again;
  // alternating keys and directions, so any state carried between calls would show.
  for (let n = 0; n <= 16; n++) {
    for (const secret of keys) {
      const payload = '停'.repeat(n % 3) + 'x'.repeat(n);
      const sealed = encodeWelinkContent(payload, secret, { encrypt: true, gzip: false });
      assert.equal(sealed, fresh(secret, JSON.stringify(payload)), `${n} characters`);
      assert.deepEqual(openContent(sealed, secret, true, false), payload, 'the simulator opens it');
      assert.equal(decodeWelinkContent(sealContent(payload, secret, true, false), secret, { encrypt: true, gzip: false }), payload);
    }
  }
});

test('content: 3DES content that is not whole blocks, or decrypts to bad padding, is refused', () => {
  const secret = 'abcdefghijklmnopqrstuvwxyz0123';
  const sealed = Buffer.from(encodeWelinkContent({ plateNumber: '沪A12345' }, secret, { encrypt: true, gzip: false }), 'base64');
  assert.throws(() => decodeWelinkContent(sealed.subarray(0, sealed.length - 3).toString('base64'), secret, { encrypt: true, gzip: false }), WelinkContentError);
  assert.throws(() => decodeWelinkContent(sealed.toString('base64'), 'another-key-of-24-chars-x', { encrypt: true, gzip: false }), /bad padding|cannot decode/);
  // The refusals left the reused ciphers sound.
  assert.deepEqual(decodeWelinkContent(sealed.toString('base64'), secret, { encrypt: true, gzip: false }), { plateNumber: '沪A12345' });
});

test('content: encrypted requests are gzipped as stored blocks, within bytes of what compressing them gives', () => {
  const secret = 'abcdefghijklmnopqrstuvwxyz0123';
  const requests = [
    { plateNumber: '沪A12345', userId: 'lane-exit-1' },
    { plateNumber: '沪AD12345', payToken: 'a3f9c2e1b7d84c6f9e0a1b2c3d4e5f60', payMoney: 1500, payType: 'WECHAT', payTime: '2026-11-23 10:05:09' },
  ];
  for (const payload of requests) {
    const zipped = Buffer.from(encodeWelinkContent(payload, secret, { encrypt: true, gzip: true }), 'base64');
    const sealed = Buffer.from(encodeWelinkContent(payload, secret, { encrypt: true, gzip: false }), 'base64');
    assert.deepEqual(gunzipSync(zipped), sealed);
    assert.ok(zipped.length <= gzipSync(sealed).length + 8, `${zipped.length} bytes stored vs ${gzipSync(sealed).length} compressed`);
  }
  // Plain JSON still compresses.
  const long = { plateNumber: '沪A12345', note: 'x'.repeat(500) };
  assert.ok(Buffer.from(encodeWelinkContent(long, secret, { encrypt: false, gzip: true }), 'base64').length < JSON.stringify(long).length / 4);
});

test('content: gzip from any deflater decodes, and a damaged, forged or oversized gzip is refused', () => {
  const secret = 'abcdefghijklmnopqrstuvwxyz0123';
  const payload = { tradeNo: 98000000, plateNumber: '沪A12345', comment: '停车'.repeat(200) };
  const sealed = Buffer.from(encodeWelinkContent(payload, secret, { encrypt: true, gzip: false }), 'base64');
  const plain = Buffer.from(JSON.stringify(payload));
  for (const level of [0, 1, 6, 9]) {
    assert.deepEqual(decodeWelinkContent(gzipSync(sealed, { level }).toString('base64'), secret, { encrypt: true, gzip: true }), payload, `3DES, level ${level}`);
    assert.deepEqual(decodeWelinkContent(gzipSync(plain, { level }).toString('base64'), secret, { encrypt: false, gzip: true }), payload, `plain, level ${level}`);
  }
  const decode = (bytes: Buffer) => () => decodeWelinkContent(bytes.toString('base64'), secret, { encrypt: false, gzip: true });
  const zipped = gzipSync(plain);
  const withTrailer = (crc: number, length: number) => {
    const forged = Buffer.from(zipped);
    forged.writeUInt32LE(crc >>> 0, forged.length - 8);
    forged.writeUInt32LE(length, forged.length - 4);
    return forged;
  };
  const crc = zipped.readUInt32LE(zipped.length - 8);
  assert.throws(decode(withTrailer(crc ^ 1, plain.length)), /CRC-32/, 'a wrong CRC');
  assert.throws(decode(withTrailer(crc, plain.length - 1)), /length or CRC-32/, 'a length that stops short');
  assert.throws(decode(withTrailer(crc, plain.length + 1)), /length or CRC-32/, 'a length that runs over');
  assert.throws(decode(withTrailer(crc, 0xffffffff)), /declares 4294967295 bytes/, 'a hostile length is refused before allocating');
  // 64 MiB of zeros deflate to 64 KiB: refused on the length it declares, not inflated.
  assert.throws(decode(gzipSync(Buffer.alloc(64 * 1024 * 1024))), /declares 67108864 bytes/);
  assert.throws(decode(zipped.subarray(0, 12)), /shorter than its header/);
});

let server: SimServer;
before(async () => {
  server = await startWelinkSim();
});
after(() => server.close());

function client(over: Partial<WelinkCredentials> = {}, now?: () => number): WelinkClient {
  return simWelinkClient(server.baseUrl, over, now);
}

test('every encryptCode/zipCode combination round-trips through adapter and simulator', async () => {
  server.sim.enter('沪A12345', Date.now() - 135 * 60_000);
  for (const encrypt of [false, true]) {
    for (const gzip of [false, true]) {
      for (const timestampUnit of ['s', 'ms'] as const) {
        const bill = await client({ encrypt, gzip, timestampUnit }).call<{ money: number; plateNumber: string }>(
          '/pay/queryTmpRentBill',
          { plateNumber: '沪A12345', userId: 'lane-exit-1' },
          'GET',
        );
        assert.equal(bill.plateNumber, '沪A12345');
        assert.equal(bill.money, 15);
      }
    }
  }
  const last = server.sim.received.at(-1)!;
  assert.equal(last.code, '0000');
  assert.equal(last.httpMethod, 'GET');
});

/** Sends hand-altered parameters straight to the simulator and returns its code. */
async function rawCall(params: Record<string, string>, method = '/pay/queryTmpRentBill'): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api${method}?${new URLSearchParams(params)}`);
  const body = (await response.json()) as { responseStatus: { code: string } };
  return body.responseStatus.code;
}

test('the simulator refuses a one-character change to any signed field', async () => {
  server.sim.enter('沪B54321', Date.now() - 70 * 60_000);
  const original = client({ encrypt: true, gzip: true }).signedParams({ plateNumber: '沪B54321', userId: 'lane-exit-1' });
  // Digits stay digits, so the change reaches the signature check rather than a format check.
  const swap = (ch: string) => (/\d/.test(ch) ? String((Number(ch) + 1) % 10) : ch === 'A' ? 'B' : 'A');
  const flip = (value: string, at: number) => value.slice(0, at) + swap(value[at]!) + value.slice(at + 1);
  for (const field of ['AppId', 'Timestamp', 'Nonce', 'ParkId', 'encryptCode', 'zipCode', 'content', 'Signature']) {
    const value = original[field]!;
    const tampered = { ...original, [field]: flip(value, field === 'content' || field === 'Signature' ? 3 : value.length - 1) };
    const code = await rawCall(tampered);
    // AppId changes are "unknown AppId", flag changes "invalid parameter"; all others fail the signature.
    const expected = field === 'AppId' ? '0002' : field === 'encryptCode' || field === 'zipCode' ? '0001' : '0003';
    assert.equal(code, expected, `tampered ${field}`);
  }
  // Re-signed with the wrong key.
  const forged = { ...original, Signature: createHmac('sha1', 'wrong-key').update(welinkSigningString(original)).digest('base64') };
  assert.equal(await rawCall(forged), '0003');
  // The untouched request still passes (once: its nonce is now spent).
  assert.equal(await rawCall(original), '0000');
  assert.equal(await rawCall(original), '0003', 'a replayed nonce is refused');
});

test('the simulator enforces the timestamp window and required parameters', async () => {
  const stale = client({}, () => Date.now() - 10 * 60_000).signedParams({ plateNumber: '沪A12345', userId: 'u' });
  assert.equal(await rawCall(stale), '0003');
  const missing = client().signedParams({ plateNumber: '沪A12345', userId: 'u' });
  delete (missing as Record<string, string>).Nonce;
  assert.equal(await rawCall(missing), '0001');
  await assert.rejects(
    client().call('/pay/queryTmpRentBill', { plateNumber: '沪A12345' }, 'GET'),
    (error: unknown) => error instanceof WelinkError && error.code === '0001' && error.kind === 'invalid-request',
  );
  await assert.rejects(
    client({ parkId: '99999999' }).call('/pay/queryTmpRentBill', { plateNumber: '沪A12345', userId: 'u' }, 'GET'),
    (error: unknown) => error instanceof WelinkError && error.code === '0004' && error.kind === 'not-authorised',
  );
  await assert.rejects(
    client({ secretKey: 'another-secret-of-sufficient-length' }).call('/pay/queryTmpRentBill', { plateNumber: '沪A12345', userId: 'u' }, 'GET'),
    (error: unknown) => error instanceof WelinkError && error.code === '0003' && error.kind === 'auth',
  );
});

test('business errCodes and payment through POST', async () => {
  await assert.rejects(
    client().call('/pay/queryTmpRentBill', { plateNumber: '沪C00000', userId: 'u' }, 'GET'),
    (error: unknown) => error instanceof WelinkError && error.errCode === 'NoEnterRecord',
  );
  server.sim.enter('沪D11111', Date.now() - 5 * 60_000);
  await assert.rejects(
    client().call('/pay/queryTmpRentBill', { plateNumber: '沪D11111', userId: 'u' }, 'GET'),
    (error: unknown) => error instanceof WelinkError && error.errCode === 'NoBill',
  );
  server.sim.enter('沪E22222', Date.now() - 61 * 60_000);
  const bill = await client({ encrypt: true }).call<{ payToken: string; money: number }>('/pay/queryTmpRentBill', { plateNumber: '沪E22222', userId: 'u' }, 'GET');
  assert.match(bill.payToken, /^[A-Za-z0-9+/]+=*\$\d{13}$/);
  assert.equal(bill.money, 10);
  await client({ encrypt: true }).call('/pay/payTmpRentBill', { plateNumber: '沪E22222', payToken: bill.payToken }, 'POST');
  assert.equal(server.sim.received.at(-1)!.httpMethod, 'POST');
  assert.deepEqual(
    server.sim.payments.filter((p) => p.plate === '沪E22222').map((p) => p.amountFen),
    [1000],
  );
});

test('transport failures are typed: unreachable and timeout', async () => {
  const dead = simWelinkClient('http://127.0.0.1:9', { timeoutMs: 1000 });
  await assert.rejects(dead.call('/pay/queryTmpRentBill', {}, 'GET'), { name: 'UpstreamError', kind: 'unreachable' });
});

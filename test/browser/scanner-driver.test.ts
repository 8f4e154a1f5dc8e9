/** The scanner driver through the byte-channel interface against the virtual scanner, in Chromium. */
import { expect } from '@esm-bundle/chai';
import { PLATE_SUFFIXES, PROVINCES } from '../../src/core/plate.js';
import { ScannerDriver, type ScanErrorDetail, type ScanEventDetail } from '../../src/hardware/scanner-driver.js';
import { VirtualScanner } from '../../src/hardware/virtual/virtual-scanner.js';
import { nextEvent } from './support.js';

const drivers: ScannerDriver[] = [];

async function setUp(options = {}) {
  const scanner = new VirtualScanner();
  const driver = new ScannerDriver(scanner.channel, { idleMs: 40, debounceMs: 300, ...options });
  drivers.push(driver);
  const scans: ScanEventDetail[] = [];
  const errors: ScanErrorDetail[] = [];
  driver.addEventListener('scan', (e) => scans.push((e as CustomEvent<ScanEventDetail>).detail));
  driver.addEventListener('scan-error', (e) => errors.push((e as CustomEvent<ScanErrorDetail>).detail));
  await driver.start();
  return { scanner, driver, scans, errors };
}

/** iconv-lite's GB18030 bytes for each text, from the test server: an encoder that is not ours. */
async function gb18030Oracle(texts: string[]): Promise<Uint8Array[]> {
  const hex = (await (await fetch('/__gb18030', { method: 'POST', body: JSON.stringify(texts) })).json()) as string[];
  return hex.map((h) => new Uint8Array(h.match(/../g)!.map((b) => parseInt(b, 16))));
}

const CR = new Uint8Array([0x0d]);
const join = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((part) => [...part]));

const scanned = (driver: ScannerDriver, count = 1) => {
  let seen = 0;
  return nextEvent(driver, 'scan', () => ++seen === count);
};

describe('ScannerDriver with the virtual scanner', () => {
  afterEach(async () => {
    for (const driver of drivers.splice(0)) await driver.stop();
  });

  it('reads scans ended by CR, CRLF or LF, in one-byte chunks, with AIM ids stripped', async () => {
    const { scanner, driver, scans } = await setUp();
    const three = scanned(driver, 3);
    await scanner.scan('沪A12345', { suffix: '\r', chunkBytes: 1 });
    await scanner.scan('LKC1:1001:2002', { suffix: '\r\n', aim: ']Q1', chunkBytes: 3 });
    await scanner.scan('T202611230902031234', { suffix: '\n', aim: ']C0' });
    await three;
    expect(scans).to.deep.equal([
      { text: '沪A12345', symbology: null, encoding: 'utf-8' },
      { text: 'LKC1:1001:2002', symbology: 'qr', encoding: 'utf-8' },
      { text: 'T202611230902031234', symbology: 'code128', encoding: 'utf-8' },
    ]);
  });

  it('two quick scans in one burst never merge', async () => {
    const { scanner, driver, scans } = await setUp();
    const both = scanned(driver, 2);
    await scanner.send(new Uint8Array([...VirtualScanner.bytesFor('沪A11111'), ...VirtualScanner.bytesFor('沪B22222')]));
    await both;
    expect(scans.map((s) => s.text)).to.deep.equal(['沪A11111', '沪B22222']);
  });

  it('ends a suffix-less scan after a moment of silence', async () => {
    const { scanner, driver, scans } = await setUp();
    const one = scanned(driver);
    await scanner.scan('沪C33333', { suffix: '' });
    await one;
    expect(scans[0]!.text).to.equal('沪C33333');
  });

  it('decodes GB18030 payloads, never Latin-1', async () => {
    const { scanner, driver, scans } = await setUp();
    const one = scanned(driver);
    await scanner.scan('京N8P8F8 泊位', { encoding: 'gb18030' });
    await one;
    expect(scans[0]).to.deep.equal({ text: '京N8P8F8 泊位', symbology: null, encoding: 'gb18030' });
  });

  it('reports noise, binary and over-long input as scan-error and keeps going', async () => {
    const { scanner, driver, scans, errors } = await setUp({ maxLength: 64 });
    const good = scanned(driver);
    await scanner.send(new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x0d]));
    await scanner.scan('X'.repeat(100));
    await scanner.scan('沪D44444');
    await good;
    expect(errors.map((e) => e.problem)).to.deep.equal(['undecodable', 'too-long']);
    expect(scans.map((s) => s.text)).to.deep.equal(['沪D44444']);
  });

  it('debounces the same label read twice, but not a new one', async () => {
    const { scanner, driver, scans } = await setUp();
    const two = scanned(driver, 2);
    await scanner.scan('沪E55555');
    await scanner.scan('沪E55555');
    await scanner.scan('沪F66666');
    await two;
    expect(scans.map((s) => s.text)).to.deep.equal(['沪E55555', '沪F66666']);
  });

  it('drops a partial read on unplug and reads again after re-plug', async () => {
    const { scanner, driver, scans } = await setUp();
    await scanner.scan('沪G7', { suffix: '' , chunkBytes: 2 }).catch(() => {});
    const gone = nextEvent(driver, 'status', (e) => !(e as CustomEvent<{ connected: boolean }>).detail.connected);
    scanner.channel.unplug();
    await gone;
    const back = nextEvent(driver, 'status', (e) => (e as CustomEvent<{ connected: boolean }>).detail.connected);
    scanner.channel.plug();
    await back;
    const one = scanned(driver);
    await scanner.scan('沪H88888');
    await one;
    expect(scans.map((s) => s.text)).to.deep.equal(['沪H88888']);
  });

  it('reads every province prefix and plate suffix from GB18030 bytes and from UTF-8 (defect 1: 鲁 and 豫 read as ³ and ԥ)', async () => {
    const plates = [...[...PROVINCES].map((p) => `${p}A12345`), ...[...PLATE_SUFFIXES].map((s) => `鲁B1234${s}`), '使123456', '豫A1234领'];
    const { scanner, driver, scans } = await setUp({ debounceMs: 0 });
    const gbBytes = await gb18030Oracle(plates);
    const all = scanned(driver, plates.length * 2);
    for (const bytes of gbBytes) await scanner.send(join(bytes, CR));
    for (const plate of plates) await scanner.send(join(new TextEncoder().encode(plate), CR));
    await all;
    expect(scans.map((s) => `${s.text} ${s.encoding}`)).to.deep.equal([
      ...plates.map((p) => `${p} gb18030`),
      ...plates.map((p) => `${p} utf-8`),
    ]);
  });

  it('a scanner set to GB18030 is read as GB18030 alone', async () => {
    const { scanner, driver, scans, errors } = await setUp({ encoding: 'gb18030' });
    const [lu] = await gb18030Oracle(['鲁A12345']);
    const one = scanned(driver);
    const refused = nextEvent(driver, 'scan-error');
    await scanner.send(join(new Uint8Array([0xe6, 0xb2, 0xaa, 0xff]), CR)); // not GB18030
    await refused;
    await scanner.send(join(lu!, CR));
    await one;
    expect(errors[0]!.message).to.contain("check the scanner's character-encoding setting");
    expect(scans).to.deep.equal([{ text: '鲁A12345', symbology: null, encoding: 'gb18030' }]);
  });

  it('hears again after 10,000 junk bytes: the next suffix-less scan and the next CR scan both arrive (defect 4)', async () => {
    const { scanner, driver, scans, errors } = await setUp();
    const dropped = nextEvent(driver, 'scan-error');
    await scanner.send(new Uint8Array(10_000).fill(0x5a), 512);
    await dropped;
    expect(errors).to.deep.equal([{ problem: 'too-long', message: 'a scan of 10000 bytes (over 4096) was dropped' }]);
    const first = scanned(driver);
    await scanner.scan('沪A11111', { suffix: '' });
    await first;
    const second = scanned(driver);
    await scanner.scan('沪B22222', { suffix: '\r' });
    await second;
    expect(scans.map((s) => s.text)).to.deep.equal(['沪A11111', '沪B22222']);
  });

  it('hears again after junk on a scanner known to send CR: a terminator ends the overflow (defect 4)', async () => {
    const { scanner, driver, scans, errors } = await setUp();
    const learnt = scanned(driver);
    await scanner.scan('沪C33333');
    await learnt;
    const next = scanned(driver);
    await scanner.send(join(new Uint8Array(10_000).fill(0x5a), CR), 512);
    await scanner.scan('沪D44444');
    await next;
    expect(errors.map((e) => e.problem)).to.deep.equal(['too-long']);
    expect(scans.map((s) => s.text)).to.deep.equal(['沪C33333', '沪D44444']);
  });

  it('a CR-terminated code in chunks 100 ms apart stays one scan, once the suffix is learnt or set (defect 11)', async () => {
    for (const options of [{}, { suffix: 'suffix' as const }]) {
      const { scanner, driver, scans, errors } = await setUp(options);
      const wanted = 'suffix' in options ? 1 : 2;
      const done = scanned(driver, wanted);
      if (!('suffix' in options)) await scanner.scan('LKC1:1:2');
      await scanner.scan('T202611230902031234', { chunkBytes: 6, pauseMs: 100 });
      await done;
      expect(errors).to.deep.equal([]);
      expect(scans.at(-1)!.text).to.equal('T202611230902031234');
      expect(scans).to.have.length(wanted);
    }
  });

  it('the very first scan of a fresh driver, CR-terminated in chunks 100 ms apart, stays one scan and teaches the suffix (defect 11)', async () => {
    const { scanner, driver, scans, errors } = await setUp();
    const learnt = nextEvent<CustomEvent<{ framesOnSuffix: boolean }>>(driver, 'suffix-learnt');
    const done = scanned(driver);
    await scanner.scan('T202611230902031234', { chunkBytes: 6, pauseMs: 100 });
    await done;
    expect((await learnt).detail.framesOnSuffix).to.equal(true);
    expect(errors).to.deep.equal([]);
    expect(scans.map((s) => s.text)).to.deep.equal(['T202611230902031234']);
  });

  it('a scanner without a suffix is learnt from its first scan; remembered, it is framed on the short gap from the start', async () => {
    const fresh = await setUp({ learnMs: 150 });
    const learnt = nextEvent<CustomEvent<{ framesOnSuffix: boolean }>>(fresh.driver, 'suffix-learnt');
    const first = scanned(fresh.driver);
    await fresh.scanner.scan('沪A12345', { suffix: '' });
    await first;
    expect((await learnt).detail.framesOnSuffix).to.equal(false);
    expect(fresh.scans.map((s) => s.text)).to.deep.equal(['沪A12345']);

    const remembered = await setUp({ suffixLearnt: false, learnMs: 60_000 });
    const next = scanned(remembered.driver);
    await remembered.scanner.scan('沪B23456', { suffix: '' });
    await next; // with learnMs a minute, only the remembered "no suffix" can end it in time for the test
    expect(remembered.scans.map((s) => s.text)).to.deep.equal(['沪B23456']);
  });

  it('a learnt suffix is unlearnt (and reported) when a scan never gets one, so a scanner without a suffix still works', async () => {
    const { scanner, driver, scans, errors } = await setUp({ suffixLearnt: true, staleMs: 200 });
    const unlearnt = nextEvent<CustomEvent<{ framesOnSuffix: boolean }>>(driver, 'suffix-learnt');
    await scanner.scan('沪A12345', { suffix: '' });
    expect((await unlearnt).detail.framesOnSuffix).to.equal(false);
    expect(errors.map((e) => e.problem)).to.deep.equal(['incomplete']);
    const next = scanned(driver);
    await scanner.scan('沪B23456', { suffix: '' });
    await next;
    expect(scans.map((s) => s.text)).to.deep.equal(['沪B23456']);
  });

  it('a leading or trailing NUL does not reject a good scan (defect 11)', async () => {
    const { scanner, driver, scans, errors } = await setUp({ debounceMs: 0 });
    const three = scanned(driver, 3);
    await scanner.scan('沪E55555', { noise: new Uint8Array([0, 0]) });
    await scanner.send(join(new TextEncoder().encode('沪F66666'), new Uint8Array([0]), CR));
    await scanner.send(join(new Uint8Array([0]), new TextEncoder().encode(']Q1LKC1:3:4'), new Uint8Array([0, 0x0d, 0])));
    await three;
    expect(errors).to.deep.equal([]);
    expect(scans.map((s) => s.text)).to.deep.equal(['沪E55555', '沪F66666', 'LKC1:3:4']);
  });
});

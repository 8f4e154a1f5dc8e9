/** The scanner driver through the byte-channel interface against the virtual scanner, in Chromium. */
import { expect } from '@esm-bundle/chai';
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
});

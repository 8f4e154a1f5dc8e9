/** The printer driver through the byte-channel interface against the virtual printer, in Chromium. */
import { expect } from '@esm-bundle/chai';
import { line, cut } from '../../src/hardware/escpos/document.js';
import { GENERIC_80MM } from '../../src/hardware/escpos/profiles.js';
import { PrintError, PrinterDriver, type PrinterDriverOptions } from '../../src/hardware/printer-driver.js';
import type { PrinterStatus } from '../../src/hardware/printer-status.js';
import { VirtualPrinter, type VirtualPrinterOptions } from '../../src/hardware/virtual/virtual-printer.js';
import { nextEvent } from './support.js';

const job = (text = '沪A12345 实收 ￥15.00') => [line(text), cut()];
const drivers: PrinterDriver[] = [];

async function setUp(printerOptions: VirtualPrinterOptions = {}, driverOptions: Partial<PrinterDriverOptions> = {}) {
  const printer = new VirtualPrinter('test printer', printerOptions);
  const driver = new PrinterDriver(printer.channel, { profile: GENERIC_80MM, statusTimeoutMs: 300, stallTimeoutMs: 400, reconnectTimeoutMs: 2000, ...driverOptions });
  drivers.push(driver);
  await driver.start();
  return { printer, driver };
}

async function failure(promise: Promise<unknown>): Promise<PrintError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(PrintError);
  return error as PrintError;
}

describe('PrinterDriver with the virtual printer', () => {
  afterEach(async () => {
    for (const driver of drivers.splice(0)) await driver.stop();
  });

  it('prints a job in Chinese and resolves once the printer reports ready', async () => {
    const { printer, driver } = await setUp();
    expect(driver.autoStatus).to.equal(true);
    expect(driver.status).to.include({ connected: true, online: true });
    await driver.print(job());
    expect(printer.receipts).to.have.length(1);
    expect(printer.lastReceiptText()).to.deep.equal(['沪A12345 实收 ￥15.00']);
  });

  it('follows automatic status back: cover, paper near end, paper out, back online', async () => {
    const { printer, driver } = await setUp();
    const seen: PrinterStatus[] = [];
    driver.addEventListener('status', (e) => seen.push((e as CustomEvent<PrinterStatus>).detail));
    const changed = (check: (s: PrinterStatus) => boolean) => nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => check(e.detail));
    let next = changed((s) => s.coverOpen);
    printer.setState({ coverOpen: true });
    expect((await next).detail.online).to.equal(false);
    next = changed((s) => !s.coverOpen && s.paperNearEnd);
    printer.setState({ coverOpen: false, paperNearEnd: true });
    expect((await next).detail.online).to.equal(true);
    next = changed((s) => s.paperEnd);
    printer.setState({ paperEnd: true });
    await next;
    next = changed((s) => s.online && !s.paperEnd);
    printer.setState({ paperEnd: false, paperNearEnd: false });
    await next;
    expect(seen.length).to.be.at.least(4);
  });

  it('polls with DLE EOT when the printer has no automatic status back', async () => {
    const { printer, driver } = await setUp({ autoStatusBack: false }, { pollIntervalMs: 100 });
    expect(driver.autoStatus).to.equal(false);
    const opened = nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => e.detail.coverOpen);
    printer.setState({ coverOpen: true });
    expect((await opened).detail.online).to.equal(false);
  });

  it('refuses a job with the reason: paper out, cover open, offline', async () => {
    const { printer, driver } = await setUp();
    printer.setState({ paperEnd: true });
    expect((await failure(driver.print(job()))).reason).to.equal('paper-out');
    printer.setState({ paperEnd: false, coverOpen: true });
    expect((await failure(driver.print(job()))).reason).to.equal('cover-open');
    printer.setState({ coverOpen: false, fault: true });
    expect((await failure(driver.print(job()))).reason).to.equal('offline');
    printer.setState({ fault: false });
    await driver.print(job());
    expect(printer.receipts).to.have.length(1);
  });

  it('reports paper running out in the middle of a job', async () => {
    const { printer, driver } = await setUp();
    printer.addEventListener('received', () => printer.setState({ paperEnd: true }), { once: true });
    expect((await failure(driver.print(job()))).reason).to.equal('paper-out');
  });

  it('a job interrupted by unplugging is printed whole after the cable is back', async () => {
    const { printer, driver } = await setUp();
    printer.stall(true);
    const printing = driver.print(job('重新打印的凭证'));
    await nextEvent(printer, 'received').catch(() => null);
    printer.channel.unplug();
    expect(driver.status.connected).to.equal(false);
    printer.stall(false);
    const reconnected = nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => e.detail.connected);
    printer.channel.plug();
    await reconnected;
    await printing;
    expect(printer.receipts).to.have.length(1);
    expect(printer.lastReceiptText()).to.deep.equal(['重新打印的凭证']);
  });

  it('a printer that stays unplugged fails the job as disconnected', async () => {
    const { printer, driver } = await setUp({}, { reconnectTimeoutMs: 300 });
    printer.channel.unplug();
    expect((await failure(driver.print(job()))).reason).to.equal('disconnected');
  });

  it('detects a stalled line, fails the job with timeout, and recovers', async () => {
    const { printer, driver } = await setUp({}, { chunkBytes: 8 });
    // Jam on the first chunk of the job itself (status requests are 3 bytes).
    const jam = (e: Event) => {
      if ((e as CustomEvent<number>).detail !== 8) return;
      printer.stall(true);
      printer.removeEventListener('received', jam);
    };
    printer.addEventListener('received', jam);
    const error = await failure(driver.print(job('a long line that needs several chunks to be written out')));
    expect(error.reason).to.equal('timeout');
    expect(error.message).to.match(/stalled/);
    printer.stall(false);
    await driver.print(job('after the jam'));
    expect(printer.lastReceiptText()).to.deep.equal(['after the jam']);
  });

  it('a printer that never answers status requests times out instead of hanging', async () => {
    const { driver } = await setUp({ autoStatusBack: false, answersStatus: false });
    expect((await failure(driver.print(job()))).reason).to.equal('timeout');
  });

  it('reprints the last receipt for staff', async () => {
    const { printer, driver } = await setUp();
    expect((await failure(driver.reprintLast())).reason).to.equal('offline');
    await driver.print(job('第一张'));
    await driver.reprintLast();
    expect(printer.receipts.map((r) => r.flatMap((b) => (b.kind === 'text' ? [b.text] : [])))).to.deep.equal([['第一张'], ['第一张']]);
  });
});

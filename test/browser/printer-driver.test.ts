/** The printer driver through the byte-channel interface against the virtual printer, in Chromium. */
import { expect } from '@esm-bundle/chai';
import { barcode, cut, line } from '../../src/hardware/escpos/document.js';
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

  it('remembers only the last receipts it printed, so a demo lane does not grow for weeks', async () => {
    const { printer, driver } = await setUp({ keptReceipts: 3 });
    const long = (n: number) => [...Array.from({ length: 50 }, (_, i) => line(`第${n}张 第${i + 1}行`)), cut()];
    for (let n = 1; n <= 5; n++) await driver.print(long(n));
    const firstLines = printer.receipts.map((r) => r.find((b) => b.kind === 'text'));
    expect(firstLines.map((b) => b?.kind === 'text' && b.text)).to.deep.equal(['第3张 第1行', '第4张 第1行', '第5张 第1行']);
    expect(printer.lastReceiptText().at(-1)).to.equal('第5张 第50行');
    // 255 blocks went through the head; the memory of them holds three receipts' worth at most.
    expect(printer.printed.length).to.be.at.most(3 * 40);
    expect(printer.printed.at(-1)?.kind).to.equal('cut');
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

  it('a job for a printer already unplugged fails at once, not after the reconnect wait: the lane is not held', async () => {
    const { printer, driver } = await setUp({}, { reconnectTimeoutMs: 600_000 });
    printer.channel.unplug();
    expect((await failure(driver.print(job()))).reason).to.equal('disconnected');
    printer.channel.plug();
    await nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => e.detail.connected && e.detail.online);
    await driver.print(job('插回后'));
    expect(printer.receipts.map((r) => r.flatMap((b) => (b.kind === 'text' ? [b.text] : [])))).to.deep.equal([['插回后']]);
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

  it('reprints the last receipt for staff, headed as a copy', async () => {
    const { printer, driver } = await setUp();
    expect((await failure(driver.reprintLast())).reason).to.equal('nothing-to-reprint');
    await driver.print(job('第一张'));
    await driver.reprintLast();
    await driver.reprintLast();
    const texts = printer.receipts.map((r) => r.flatMap((b) => (b.kind === 'text' ? [b.text] : [])));
    expect(texts).to.deep.equal([['第一张'], ['—— 补打 REPRINT ——', '第一张'], ['—— 补打 REPRINT ——', '第一张']]);
  });

  describe('issue 27', () => {
    it('2: after a write stall the next job settles too, and printing resumes once the jam clears', async () => {
      const { printer, driver } = await setUp({}, { chunkBytes: 8 });
      // The job's first chunk follows the three 3-byte status requests; the line jams right after it.
      printer.jamAfter(9 + 8);
      const first = driver.print(job('a long line that needs several chunks to be written out'));
      const second = driver.print(job('queued behind the jam'));
      expect((await failure(first)).reason).to.equal('timeout');
      const error = await failure(second);
      expect(error.reason).to.equal('timeout');
      expect(error.message).to.match(/jammed|stalled/);
      expect(driver.status).to.include({ stalled: true, online: false });
      printer.stall(false);
      const report = await driver.print(job('after the jam'));
      expect(report.confirmed).to.equal(true);
      expect(driver.status.stalled).to.equal(false);
      expect(printer.lastReceiptText()).to.deep.equal(['after the jam']);
    });

    it('2: start() returns against a printer jammed when opened, and the jam is a status, not a frozen lane', async () => {
      const printer = new VirtualPrinter('jammed printer');
      printer.stall(true);
      const driver = new PrinterDriver(printer.channel, { profile: GENERIC_80MM, statusTimeoutMs: 300, stallTimeoutMs: 400, pollIntervalMs: 200 });
      drivers.push(driver);
      await driver.start();
      expect(driver.status).to.include({ connected: true, online: false, stalled: true });
      expect((await failure(driver.print(job()))).reason).to.equal('timeout');
      // The driver keeps looking: once the jam clears, the status says so without a job to find out.
      const cleared = nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => !e.detail.stalled && e.detail.online);
      printer.stall(false);
      await cleared;
      await driver.print(job('unjammed'));
      expect(printer.lastReceiptText()).to.deep.equal(['unjammed']);
    });

    it('3: pulling the cable after the cut, while the driver waits for the final status, prints the job once', async () => {
      const { printer, driver } = await setUp();
      printer.addEventListener('printed', () => printer.addEventListener('status-request', () => printer.channel.unplug(), { once: true }), { once: true });
      const report = await driver.print(job('只打一张'));
      expect(report.confirmed).to.equal(false);
      const reconnected = nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => e.detail.connected && e.detail.online);
      printer.channel.plug();
      await reconnected;
      await driver.print(job('下一张'));
      expect(printer.receipts.map((r) => r.flatMap((b) => (b.kind === 'text' ? [b.text] : [])))).to.deep.equal([['只打一张'], ['下一张']]);
    });

    it('3: a line dropped mid-job, before the cut was written, prints the whole job once after reconnect', async () => {
      const { printer, driver } = await setUp({}, { chunkBytes: 8 });
      printer.unplugAfter(9 + 16);
      const printing = driver.print(job('断线后整张重打'));
      await nextEvent(driver, 'status', (e: CustomEvent<PrinterStatus>) => !e.detail.connected);
      printer.channel.plug();
      expect((await printing).confirmed).to.equal(true);
      expect(printer.receipts.map((r) => r.flatMap((b) => (b.kind === 'text' ? [b.text] : [])))).to.deep.equal([['断线后整张重打']]);
    });

    it('3: a job fully written before the paper ran out is the one staff reprint', async () => {
      const { printer, driver } = await setUp();
      await driver.print(job('上一张'));
      printer.addEventListener('printed', () => printer.setState({ paperEnd: true }), { once: true });
      expect((await failure(driver.print(job('最后一张')))).reason).to.equal('paper-out');
      printer.setState({ paperEnd: false });
      await driver.reprintLast();
      expect(printer.lastReceiptText()).to.deep.equal(['—— 补打 REPRINT ——', '最后一张']);
    });

    it('3: a job that jammed half-way is the one staff reprint, not the previous car\'s', async () => {
      const { printer, driver } = await setUp({}, { chunkBytes: 8, pollIntervalMs: 200 });
      await driver.print(job('上一辆车'));
      printer.jamAfter(12);
      expect((await failure(driver.print(job('卡纸的这一张')))).reason).to.equal('timeout');
      const cleared = nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => !e.detail.stalled && e.detail.online);
      printer.stall(false);
      await cleared;
      await driver.reprintLast();
      expect(printer.lastReceiptText()).to.deep.equal(['—— 补打 REPRINT ——', '卡纸的这一张']);
    });

    it('7: a document that cannot be encoded rejects the promise instead of throwing, and the queue goes on', async () => {
      const { printer, driver } = await setUp();
      let promise: Promise<unknown> | null = null;
      expect(() => (promise = driver.print([barcode('票号 not ASCII'), cut()]))).to.not.throw();
      const error = await failure(promise!);
      expect(error.reason).to.equal('encoding');
      expect(error.message).to.match(/CODE128/);
      await driver.print(job('still printing'));
      expect(printer.lastReceiptText()).to.deep.equal(['still printing']);
    });

    it('9: ASB with XOFF inside and the automatically recoverable error bit; a stray byte is not a status', async () => {
      const { printer, driver } = await setUp();
      const seen: PrinterStatus[] = [];
      driver.addEventListener('status', (e) => seen.push((e as CustomEvent<PrinterStatus>).detail));
      // A stray 0x14 with bytes that break ASB's fixed bits (0x96 would read as "paper end"), then a real packet.
      let next = nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => e.detail.paperNearEnd);
      await printer.transmit(new Uint8Array([0x14, 0x00, 0x96, 0x00, 0x10, 0x00, 0x03, 0x00]));
      await next;
      expect(seen.some((s) => s.paperEnd)).to.equal(false);
      next = nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => e.detail.recoverableError);
      await printer.transmit(new Uint8Array([0x18, 0x13, 0x40, 0x13, 0x00, 0x00]));
      expect((await next).detail).to.include({ online: false, recoverableError: true, paperEnd: false });
      printer.setState({ overheated: true });
      const error = await failure(driver.print(job()));
      expect([error.reason, error.message]).to.deep.equal(['offline', 'the print head is too hot or the supply voltage is off; the printer recovers by itself, try again shortly']);
      next = nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => !e.detail.recoverableError && e.detail.online);
      printer.setState({ overheated: false });
      await next;
    });

    it('9: a stray byte before a DLE EOT answer does not swallow the answer', async () => {
      const { printer, driver } = await setUp({ autoStatusBack: false }, { pollIntervalMs: 60_000 });
      // 0x14 looks like the start of an ASB packet; the answer 0x12 breaks its fixed bits, so it stays an answer.
      printer.scriptStatusAnswers(new Uint8Array([0x13, 0x14, 0x12]));
      await driver.print(job('answered'));
      expect(printer.lastReceiptText()).to.deep.equal(['answered']);
    });

    it('9: a polled printer reports the automatically recoverable error through DLE EOT 2 and 3', async () => {
      const { printer, driver } = await setUp({ autoStatusBack: false }, { pollIntervalMs: 100 });
      const hot = nextEvent<CustomEvent<PrinterStatus>>(driver, 'status', (e) => e.detail.recoverableError);
      printer.setState({ overheated: true });
      expect((await hot).detail).to.include({ online: false, error: false });
    });
  });
});

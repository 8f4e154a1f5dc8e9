/**
 * Drives a receipt printer over any ByteChannel: one job at a time, each settled within bounded
 * time. Status comes from automatic status back (GS a) when the printer offers it, and from DLE EOT
 * polling otherwise. Every write and every wait has a bound: a jammed or hung printer shows as
 * `status.stalled` and fails the job with `timeout`, it never holds the queue.
 *
 * A job is printed once: one cut short by an unplugged cable before all its bytes were written is
 * sent again after reconnect; one whose bytes, cut included, were all written is never sent again
 * (the line dropping while the driver waits for the final status does not make it a failure).
 * Printing again is an explicit staff action, `reprintLast()`, and the copy says so.
 *
 * Events: `status` (`detail: PrinterStatus`, on every change).
 */
import { waitForConnect, type ByteChannel } from './channel.js';
import { within, WriteStalledError, writeBounded, writeInChunks } from './chunked-writer.js';
import { autoStatusBack, statusRequest, STATUS_ERROR_CAUSE, STATUS_OFFLINE_CAUSE, STATUS_PAPER, STATUS_PRINTER } from './escpos/commands.js';
import { line, type Block } from './escpos/document.js';
import { encodeDocument, type EncodeResult, type TextDrawer } from './escpos/encoder.js';
import type { PrinterProfile } from './escpos/profiles.js';
import { applyRealtime, StatusReader, UNKNOWN_STATUS, type PrinterStatus } from './printer-status.js';
import { canvasTextDrawer } from './text-raster.js';

export type PrintFailure = 'paper-out' | 'cover-open' | 'offline' | 'disconnected' | 'timeout' | 'encoding' | 'nothing-to-reprint';

export class PrintError extends Error {
  override name = 'PrintError';
  constructor(
    readonly reason: PrintFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What `print()` resolves with. */
export interface PrintReport {
  /** The printer reported ready after the job; false when the line dropped or fell silent after every byte was written. */
  confirmed: boolean;
  /** Characters the printer's font lacks: printed as the profile's substitute, or drawn (see rasterLines). */
  unprintable: string[];
  /** Lines sent as images because they hold unprintable characters (profiles with `unprintable: 'raster'`). */
  rasterLines: number;
  /** CODE128 barcodes left out because they do not fit the head (or the model has no barcodes). */
  droppedBarcodes: string[];
}

/** Something staff should know about a job that did print: the operator's record of it. */
export interface PrintIssue {
  reason: 'unconfirmed' | 'unprintable' | 'dropped-barcode';
  message: string;
}

/** What in a report staff should hear about, worst first; null for a clean, confirmed job. */
export function printIssue(report: PrintReport): PrintIssue | null {
  const notes: string[] = [];
  if (!report.confirmed) notes.push('every byte was sent but the printer did not confirm the job (the line dropped or it fell silent): check that the paper came out, or reprint');
  if (report.unprintable.length > 0) {
    const how = report.rasterLines > 0 ? `drawn as images on ${report.rasterLines} line(s)` : 'printed as a substitute';
    notes.push(`the printer's font lacks ${report.unprintable.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')} (${how}): check the lot and lane names in the settings`);
  }
  if (report.droppedBarcodes.length > 0) notes.push(`barcode ${report.droppedBarcodes.join(', ')} left out: too wide for the head, or the printer model prints no barcodes (the QR carries the same data)`);
  if (notes.length === 0) return null;
  const reason = !report.confirmed ? 'unconfirmed' : report.unprintable.length > 0 ? 'unprintable' : 'dropped-barcode';
  return { reason, message: notes.join('; ') };
}

export interface PrinterDriverOptions {
  profile: PrinterProfile;
  /** Bytes per write; small enough to keep the UI responsive at 9600 baud. */
  chunkBytes?: number;
  /** A write that makes no progress for this long fails the job with `timeout`. */
  stallTimeoutMs?: number;
  /** How long to wait for an answer to DLE EOT, and for the first ASB packet. */
  statusTimeoutMs?: number;
  /** How long opening the port may take. */
  openTimeoutMs?: number;
  /** How long a job the cable was pulled from waits for it to come back (a job for a printer already unplugged fails at once). */
  reconnectTimeoutMs?: number;
  /** Attempts after a disconnect interrupted the job before all its bytes were written. */
  retries?: number;
  /** DLE EOT polling interval when the printer has no automatic status back. */
  pollIntervalMs?: number;
  /** Draws lines the printer's font cannot print; by default the browser's canvas, none in Node (then substituted). */
  drawText?: TextDrawer;
}

interface Session {
  writer: WritableStreamDefaultWriter<Uint8Array>;
  reader: ReadableStreamDefaultReader<Uint8Array>;
  broken: boolean;
}

interface PendingQuery {
  resolve(value: number): void;
  reject(error: Error): void;
}

type Job = { blocks: readonly Block[] } | { bytes: Uint8Array };

/** Heads the staff copy, so a reprint is never taken for a second payment or a second ticket. */
const REPRINT_MARK = line('—— 补打 REPRINT ——', { align: 'center', bold: true });

export class PrinterDriver extends EventTarget {
  status: PrinterStatus = UNKNOWN_STATUS;
  /** Whether the printer sends automatic status back; otherwise it is polled. */
  autoStatus = false;
  private session: Session | null = null;
  private opening: Promise<void> | null = null;
  private queries: PendingQuery[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private busy = false;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private lastJob: Job | null = null;
  private stopped = false;
  private readonly options: Required<Omit<PrinterDriverOptions, 'drawText'>> & Pick<PrinterDriverOptions, 'drawText'>;
  private readonly onConnect = () => void this.ensureSession().catch(() => {});
  private readonly onDisconnect = () => this.endSession(new PrintError('disconnected', 'the printer was unplugged'), { connected: false });

  constructor(
    readonly channel: ByteChannel,
    options: PrinterDriverOptions,
  ) {
    super();
    this.options = {
      chunkBytes: 256,
      stallTimeoutMs: 5000,
      statusTimeoutMs: 1500,
      openTimeoutMs: 5000,
      reconnectTimeoutMs: 30_000,
      retries: 1,
      pollIntervalMs: 3000,
      drawText: canvasTextDrawer(),
      ...options,
    };
  }

  get profile(): PrinterProfile {
    return this.options.profile;
  }

  /**
   * Opens the printer if it is present and keeps reopening it whenever it is plugged back in.
   * Returns within the open and status bounds even when the printer is jammed; `status` says so.
   */
  async start(): Promise<void> {
    this.stopped = false;
    this.channel.addEventListener('connect', this.onConnect);
    this.channel.addEventListener('disconnect', this.onDisconnect);
    if (this.channel.present) await this.ensureSession().catch(() => {});
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.probeTimer);
    this.channel.removeEventListener('connect', this.onConnect);
    this.channel.removeEventListener('disconnect', this.onDisconnect);
    this.endSession(new PrintError('disconnected', 'printer driver stopped'), { connected: false });
    await this.closeChannel();
  }

  /**
   * Queues a job. Resolves once every byte is written (see PrintReport.confirmed); rejects with a
   * PrintError, never throws: a document the profile cannot encode rejects with `encoding`.
   */
  print(job: readonly Block[] | Uint8Array): Promise<PrintReport> {
    return this.enqueue(job instanceof Uint8Array ? { bytes: job } : { blocks: job });
  }

  /**
   * Staff: the last receipt or ticket the lane sent to the printer, again, headed as a reprint:
   * the one a driver is missing, whether it came out, came out in part (jam, cable) or not at all.
   */
  reprintLast(): Promise<PrintReport> {
    const last = this.lastJob;
    if (!last) return Promise.reject(new PrintError('nothing-to-reprint', 'nothing has been printed yet, so there is nothing to reprint'));
    return this.enqueue('blocks' in last ? { blocks: [REPRINT_MARK, ...last.blocks] } : last, last);
  }

  /** Asks the printer for printer, offline-cause and paper status now (and the error cause when there is one). */
  async refreshStatus(): Promise<PrinterStatus> {
    const session = await this.ensureSession();
    const [printer, cause, paper] = await Promise.all([STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_PAPER].map((n) => this.query(session, n)));
    let status: PrinterStatus = { ...this.status, connected: true, stalled: false };
    status = applyRealtime(status, STATUS_PRINTER, printer!);
    status = applyRealtime(status, STATUS_OFFLINE_CAUSE, cause!);
    status = applyRealtime(status, STATUS_PAPER, paper!);
    if (status.error) status = applyRealtime(status, STATUS_ERROR_CAUSE, await this.query(session, STATUS_ERROR_CAUSE));
    this.setStatus(status);
    return status;
  }

  private enqueue(job: Job, remembered: Job = job): Promise<PrintReport> {
    let encoded: EncodeResult;
    try {
      encoded =
        'bytes' in job
          ? { bytes: job.bytes, unprintable: [], rasterLines: 0, droppedBarcodes: [] }
          : encodeDocument(job.blocks, this.options.profile, { drawText: this.options.drawText });
    } catch (cause) {
      return Promise.reject(new PrintError('encoding', `the document cannot be printed: ${(cause as Error).message}`, { cause }));
    }
    const run = this.queue.then(async (): Promise<PrintReport> => {
      // From its first attempt on it is the job a driver may be missing: the one staff reprint.
      this.lastJob = remembered;
      const confirmed = await this.runJob(encoded.bytes);
      return { confirmed, unprintable: encoded.unprintable, rasterLines: encoded.rasterLines, droppedBarcodes: encoded.droppedBarcodes };
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** Resolves with whether the printer confirmed the job. */
  private async runJob(bytes: Uint8Array): Promise<boolean> {
    // A job for a printer already unplugged fails at once (the lane shows the ticket on screen);
    // only a job the cable was pulled from waits for it to come back.
    if (!this.channel.present) throw new PrintError('disconnected', 'the printer is unplugged: plug its cable in');
    this.busy = true;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.printOnce(bytes);
        } catch (error) {
          const interrupted = error instanceof PrintError && error.reason === 'disconnected';
          if (!interrupted || attempt >= this.options.retries) throw error;
          // The cable was pulled before the job was all written: wait for it, then print the whole job again.
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async printOnce(bytes: Uint8Array): Promise<boolean> {
    if (!this.channel.present && !(await waitForConnect(this.channel, this.options.reconnectTimeoutMs))) {
      throw new PrintError('disconnected', `the printer is unplugged and did not come back within ${this.options.reconnectTimeoutMs} ms`);
    }
    const session = await this.ensureSession();
    assertPrintable(await this.refreshStatus());
    try {
      await writeInChunks(session.writer, bytes, { chunkBytes: this.options.chunkBytes, stallTimeoutMs: this.options.stallTimeoutMs });
    } catch (error) {
      if (error instanceof WriteStalledError) {
        await this.abandonStalled(error);
        throw new PrintError('timeout', `print job stalled: ${error.message}; check the printer for a paper jam`, { cause: error });
      }
      throw session.broken || !this.channel.present
        ? new PrintError('disconnected', 'the printer was unplugged during the job', { cause: error })
        : new PrintError('offline', `writing to the printer failed: ${(error as Error).message}`, { cause: error });
    }
    // Every byte, cut included, is with the printer: it prints whatever the line does next.
    try {
      assertPrintable(await this.refreshStatus());
      return true;
    } catch (error) {
      const silent = error instanceof PrintError && (error.reason === 'disconnected' || error.reason === 'timeout');
      if (silent) return false;
      throw error;
    }
  }

  /**
   * A stuck write holds the line: drop the session so the next job opens afresh, say the printer is
   * stalled, and look again after a poll interval so the status clears once the jam does.
   */
  private async abandonStalled(error: Error): Promise<void> {
    this.endSession(new PrintError('timeout', error.message), { connected: this.channel.present, stalled: true });
    await this.closeChannel();
    clearTimeout(this.probeTimer);
    if (!this.stopped) this.probeTimer = setTimeout(() => void this.ensureSession().catch(() => {}), this.options.pollIntervalMs);
  }

  private closeChannel(): Promise<void> {
    return within(this.channel.close(), this.options.openTimeoutMs, () => new Error(`closing ${this.channel.label} did not finish`)).catch(() => {});
  }

  private ensureSession(): Promise<Session> {
    if (this.session && !this.session.broken) return Promise.resolve(this.session);
    this.opening ??= this.openSession().finally(() => (this.opening = null));
    return this.opening.then(() => {
      if (!this.session) throw new PrintError(this.status.stalled ? 'timeout' : 'disconnected', this.status.stalled ? 'the printer does not take data (jammed or hung)' : 'the printer is not connected');
      return this.session;
    });
  }

  private async openSession(): Promise<void> {
    if (this.stopped) return;
    try {
      await within(this.channel.open(), this.options.openTimeoutMs, () => new Error(`opening took longer than ${this.options.openTimeoutMs} ms`));
    } catch (cause) {
      await this.closeChannel(); // An open that finishes after its bound must not leave the port held.
      throw new PrintError('disconnected', `cannot open ${this.channel.label}: ${(cause as Error).message}`, { cause });
    }
    const reader = this.channel.readable!.getReader();
    const writer = this.channel.writable!.getWriter();
    const session: Session = { reader, writer, broken: false };
    this.session = session;
    void this.readLoop(session);
    this.setStatus({ ...this.status, connected: true });
    await this.detectAutoStatus(session);
  }

  /** Enables automatic status back and waits briefly for the first packet; without one, polls. */
  private async detectAutoStatus(session: Session): Promise<void> {
    clearInterval(this.pollTimer);
    this.autoStatus = false;
    const firstAsb = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.options.statusTimeoutMs);
      this.addEventListener('asb', () => (clearTimeout(timer), resolve(true)), { once: true });
    });
    try {
      await writeBounded(session.writer, new Uint8Array(autoStatusBack(0x0f)), this.options.stallTimeoutMs);
    } catch (error) {
      if (error instanceof WriteStalledError) return this.abandonStalled(error);
      return; // The line dropped; the disconnect handler has ended the session.
    }
    this.autoStatus = await firstAsb;
    if (!this.autoStatus && this.session === session) {
      await this.refreshStatus().catch(() => {});
      this.pollTimer = setInterval(() => {
        if (!this.busy && this.session === session) void this.refreshStatus().catch(() => {});
      }, this.options.pollIntervalMs);
    }
  }

  private async readLoop(session: Session): Promise<void> {
    const statusReader = new StatusReader();
    try {
      for (;;) {
        const { value, done } = await session.reader.read();
        if (done) break;
        for (const message of statusReader.push(value)) {
          if (message.kind === 'asb') {
            this.setStatus({ ...message.status, connected: true, stalled: false });
            this.dispatchEvent(new Event('asb'));
          } else {
            this.queries[0]?.resolve(message.value);
          }
        }
      }
    } catch {
      // The stream errored: unplugged or closed. endSession reports it.
    }
    if (this.session === session) this.endSession(new PrintError('disconnected', 'the printer connection was lost'), { connected: false });
  }

  private endSession(reason: PrintError, state: Pick<PrinterStatus, 'connected'> & Partial<PrinterStatus>): void {
    const session = this.session;
    clearInterval(this.pollTimer);
    if (session) {
      session.broken = true;
      session.reader.cancel().catch(() => {});
      session.writer.abort(reason).catch(() => {});
    }
    this.session = null;
    for (const query of [...this.queries]) query.reject(reason);
    this.setStatus({ ...this.status, online: false, ...state });
  }

  /** One DLE EOT n round trip; the write and the answer are both bounded. A printer that stays silent is stalled. */
  private query(session: Session, n: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.queries = this.queries.filter((q) => q !== query);
      };
      const timer = setTimeout(() => {
        query.reject(new PrintError('timeout', `the printer did not answer a status request (DLE EOT ${n}) within ${this.options.statusTimeoutMs} ms`));
        if (this.session === session) this.setStatus({ ...this.status, online: false, stalled: true });
      }, this.options.statusTimeoutMs);
      const query: PendingQuery = {
        resolve: (value) => (settle(), resolve(value)),
        reject: (error) => (settle(), reject(error)),
      };
      this.queries.push(query);
      writeBounded(session.writer, new Uint8Array(statusRequest(n)), this.options.stallTimeoutMs).catch(async (error: unknown) => {
        if (!(error instanceof WriteStalledError)) return query.reject(new PrintError('disconnected', 'the printer connection was lost', { cause: error }));
        await this.abandonStalled(error);
        query.reject(new PrintError('timeout', `the printer takes no data (DLE EOT ${n}): ${error.message}`, { cause: error }));
      });
    });
  }

  private setStatus(status: PrinterStatus): void {
    const before = this.status;
    this.status = status;
    if ((Object.keys(status) as Array<keyof PrinterStatus>).some((key) => status[key] !== before[key])) {
      this.dispatchEvent(new CustomEvent<PrinterStatus>('status', { detail: status }));
    }
  }
}

function assertPrintable(status: PrinterStatus): void {
  if (status.paperEnd) throw new PrintError('paper-out', 'the printer is out of paper: load a new roll');
  if (status.coverOpen) throw new PrintError('cover-open', 'the printer cover is open: close it');
  if (status.recoverableError) throw new PrintError('offline', 'the print head is too hot or the supply voltage is off; the printer recovers by itself, try again shortly');
  if (status.error) throw new PrintError('offline', 'the printer reports a cutter or mechanical error: check the cutter and power-cycle the printer');
  if (!status.online) throw new PrintError('offline', 'the printer is offline');
}

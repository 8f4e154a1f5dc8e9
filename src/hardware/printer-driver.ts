/**
 * Drives a receipt printer over any ByteChannel: one job at a time, each resolved only when its
 * bytes are written and the printer reports itself ready, or rejected with a typed reason.
 * Status comes from automatic status back (GS a) when the printer offers it, and from DLE EOT
 * polling otherwise. A job cut short by an unplugged cable is retried after reconnect.
 *
 * Events: `status` (`detail: PrinterStatus`, on every change).
 */
import { waitForConnect, type ByteChannel } from './channel.js';
import { WriteStalledError, writeInChunks } from './chunked-writer.js';
import { autoStatusBack, statusRequest, STATUS_OFFLINE_CAUSE, STATUS_PAPER, STATUS_PRINTER } from './escpos/commands.js';
import type { Block } from './escpos/document.js';
import { encodeDocument } from './escpos/encoder.js';
import type { PrinterProfile } from './escpos/profiles.js';
import { applyRealtime, StatusReader, UNKNOWN_STATUS, type PrinterStatus } from './printer-status.js';

export type PrintFailure = 'paper-out' | 'cover-open' | 'offline' | 'disconnected' | 'timeout';

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

export interface PrinterDriverOptions {
  profile: PrinterProfile;
  /** Bytes per write; small enough to keep the UI responsive at 9600 baud. */
  chunkBytes?: number;
  /** A write that makes no progress for this long fails the job with `timeout`. */
  stallTimeoutMs?: number;
  /** How long to wait for an answer to DLE EOT. */
  statusTimeoutMs?: number;
  /** How long a job waits for an unplugged printer to come back. */
  reconnectTimeoutMs?: number;
  /** Attempts after a disconnect interrupted the job. */
  retries?: number;
  /** DLE EOT polling interval when the printer has no automatic status back. */
  pollIntervalMs?: number;
}

interface Session {
  writer: WritableStreamDefaultWriter<Uint8Array>;
  reader: ReadableStreamDefaultReader<Uint8Array>;
  closed: Promise<void>;
  broken: boolean;
}

interface PendingQuery {
  n: number;
  resolve(value: number): void;
  reject(error: Error): void;
}

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
  private lastJob: Uint8Array | null = null;
  private stopped = false;
  private readonly options: Required<PrinterDriverOptions>;
  private readonly onConnect = () => void this.ensureSession().catch(() => {});
  private readonly onDisconnect = () => this.endSession(new PrintError('disconnected', 'the printer was unplugged'));

  constructor(
    readonly channel: ByteChannel,
    options: PrinterDriverOptions,
  ) {
    super();
    this.options = {
      chunkBytes: 256,
      stallTimeoutMs: 5000,
      statusTimeoutMs: 1500,
      reconnectTimeoutMs: 30_000,
      retries: 1,
      pollIntervalMs: 3000,
      ...options,
    };
  }

  get profile(): PrinterProfile {
    return this.options.profile;
  }

  /** Opens the printer if it is present and keeps reopening it whenever it is plugged back in. */
  async start(): Promise<void> {
    this.stopped = false;
    this.channel.addEventListener('connect', this.onConnect);
    this.channel.addEventListener('disconnect', this.onDisconnect);
    if (this.channel.present) await this.ensureSession().catch(() => {});
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.channel.removeEventListener('connect', this.onConnect);
    this.channel.removeEventListener('disconnect', this.onDisconnect);
    this.endSession(new PrintError('disconnected', 'printer driver stopped'));
    await this.channel.close();
  }

  /** Queues a job. Resolves when printed and the printer reports ready; rejects with a PrintError. */
  print(job: readonly Block[] | Uint8Array): Promise<void> {
    const bytes = job instanceof Uint8Array ? job : encodeDocument(job, this.options.profile).bytes;
    const run = this.queue.then(() => this.runJob(bytes));
    this.queue = run.catch(() => {});
    return run;
  }

  /** Staff: print the last successful job again. */
  reprintLast(): Promise<void> {
    if (!this.lastJob) return Promise.reject(new PrintError('offline', 'nothing has been printed yet'));
    return this.print(this.lastJob);
  }

  /** Asks the printer for printer, offline-cause and paper status now. */
  async refreshStatus(): Promise<PrinterStatus> {
    const session = await this.ensureSession();
    const [printer, cause, paper] = await Promise.all([STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_PAPER].map((n) => this.query(session, n)));
    let status: PrinterStatus = { ...this.status, connected: true };
    status = applyRealtime(status, STATUS_PRINTER, printer!);
    status = applyRealtime(status, STATUS_OFFLINE_CAUSE, cause!);
    status = applyRealtime(status, STATUS_PAPER, paper!);
    this.setStatus(status);
    return status;
  }

  private async runJob(bytes: Uint8Array): Promise<void> {
    this.busy = true;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.printOnce(bytes);
          this.lastJob = bytes;
          return;
        } catch (error) {
          const interrupted = error instanceof PrintError && error.reason === 'disconnected';
          if (!interrupted || attempt >= this.options.retries) throw error;
          // The cable was pulled mid-job: wait for it, then print the whole job again.
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async printOnce(bytes: Uint8Array): Promise<void> {
    if (!this.channel.present && !(await waitForConnect(this.channel, this.options.reconnectTimeoutMs))) {
      throw new PrintError('disconnected', `the printer is unplugged and did not come back within ${this.options.reconnectTimeoutMs} ms`);
    }
    const session = await this.ensureSession();
    assertPrintable(await this.refreshStatus());
    try {
      await writeInChunks(session.writer, bytes, { chunkBytes: this.options.chunkBytes, stallTimeoutMs: this.options.stallTimeoutMs });
    } catch (error) {
      if (error instanceof WriteStalledError) {
        // The stuck write holds the line; start afresh so the next job is not stuck behind it.
        this.endSession(new PrintError('timeout', error.message));
        await this.channel.close();
        throw new PrintError('timeout', `print job stalled: ${error.message}`, { cause: error });
      }
      throw session.broken || !this.channel.present
        ? new PrintError('disconnected', 'the printer was unplugged during the job', { cause: error })
        : new PrintError('offline', `writing to the printer failed: ${(error as Error).message}`, { cause: error });
    }
    assertPrintable(await this.refreshStatus());
  }

  private ensureSession(): Promise<Session> {
    if (this.session && !this.session.broken) return Promise.resolve(this.session);
    this.opening ??= this.openSession().finally(() => (this.opening = null));
    return this.opening.then(() => {
      if (!this.session) throw new PrintError('disconnected', 'the printer is not connected');
      return this.session;
    });
  }

  private async openSession(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.channel.open();
    } catch (cause) {
      throw new PrintError('disconnected', `cannot open ${this.channel.label}`, { cause });
    }
    const reader = this.channel.readable!.getReader();
    const writer = this.channel.writable!.getWriter();
    const session: Session = { reader, writer, broken: false, closed: Promise.resolve() };
    this.session = session;
    session.closed = this.readLoop(session);
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
    await session.writer.write(new Uint8Array(autoStatusBack(0x0f))).catch(() => {});
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
            this.setStatus({ ...message.status, connected: true });
            this.dispatchEvent(new Event('asb'));
          } else {
            this.queries[0]?.resolve(message.value);
          }
        }
      }
    } catch {
      // The stream errored: unplugged or closed. endSession reports it.
    }
    if (this.session === session) this.endSession(new PrintError('disconnected', 'the printer connection was lost'));
  }

  private endSession(reason: PrintError): void {
    const session = this.session;
    clearInterval(this.pollTimer);
    if (session) {
      session.broken = true;
      session.reader.cancel().catch(() => {});
      session.writer.abort(reason).catch(() => {});
    }
    this.session = null;
    for (const query of [...this.queries]) query.reject(reason);
    this.setStatus({ ...this.status, connected: false, online: false });
  }

  private query(session: Session, n: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.queries = this.queries.filter((q) => q !== query);
      };
      const timer = setTimeout(
        () => query.reject(new PrintError('timeout', `the printer did not answer a status request (DLE EOT ${n}) within ${this.options.statusTimeoutMs} ms`)),
        this.options.statusTimeoutMs,
      );
      const query: PendingQuery = {
        n,
        resolve: (value) => (settle(), resolve(value)),
        reject: (error) => (settle(), reject(error)),
      };
      this.queries.push(query);
      session.writer.write(new Uint8Array(statusRequest(n))).catch((error: unknown) => query.reject(error as Error));
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
  if (status.paperEnd) throw new PrintError('paper-out', 'the printer is out of paper');
  if (status.coverOpen) throw new PrintError('cover-open', 'the printer cover is open');
  if (!status.online) throw new PrintError('offline', 'the printer is offline');
}

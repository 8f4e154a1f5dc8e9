/**
 * Lifts a barrier through a USB serial relay board (CH340 "LCUS" type) over any ByteChannel. One
 * opening is a pulse: relay on, `pulseMs`, relay off — the barrier controller's "open" input wants
 * a momentary contact, and a contact left closed holds the arm up for every car behind. So the
 * off is sent whatever failed before it, on a freshly opened port if the old one broke, and every
 * open and write is bounded: a stuck line ends as a GateError and an `error` status, never as a
 * lane waiting for ever. The boards answer nothing, so "ok" means the port opened and took the
 * last command.
 *
 * Events: `status` (`detail: GateStatus`, on every change).
 */
import { GateError, type GateStatus, type LaneGate } from './gate.js';
import type { ByteChannel } from './channel.js';
import { within } from './chunked-writer.js';
import { checkRelayNumber, MAX_PULSE_MS, relayFrame } from './relay-frames.js';

export interface RelayGateOptions {
  /** Which relay of the board is wired to the barrier's "open" input (1 unless the installer chose another). */
  relay?: number;
  /** How long the contact stays closed; barrier controllers want 200–1000 ms. */
  pulseMs?: number;
  /** Bound on opening the port and on each 4-byte write (4 ms at 9600 baud when the line is healthy). */
  writeTimeoutMs?: number;
  /** While "off" has not got through, it is tried again this often, so a freed line lowers the barrier by itself. */
  offRetryMs?: number;
}

export class RelayGate extends EventTarget implements LaneGate {
  readonly mode = 'relay';
  status: GateStatus = { health: 'offline', relayOn: false, message: null };
  private writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private offRetry: ReturnType<typeof setTimeout> | undefined;
  private readonly options: Required<RelayGateOptions>;
  private readonly onConnect = () => void this.queued(() => this.switchOff()).catch(() => {});
  private readonly onDisconnect = () => {
    this.writer = null;
    // An unplugged board has no power: its relays fall back to off.
    this.setStatus({ health: 'offline', relayOn: false, message: `${this.channel.label} is not plugged in; plug the relay board in` });
  };

  constructor(
    readonly channel: ByteChannel,
    options: RelayGateOptions = {},
  ) {
    super();
    this.options = { relay: 1, pulseMs: 500, writeTimeoutMs: 1000, offRetryMs: 5000, ...options };
    checkRelayNumber(this.options.relay);
    const { pulseMs, writeTimeoutMs } = this.options;
    if (!Number.isInteger(pulseMs) || pulseMs < 1 || pulseMs > MAX_PULSE_MS) throw new RangeError(`pulseMs ${pulseMs} must be 1 to ${MAX_PULSE_MS} ms`);
    if (!Number.isInteger(writeTimeoutMs) || writeTimeoutMs < 1) throw new RangeError(`writeTimeoutMs ${writeTimeoutMs} must be a positive number of ms`);
  }

  /**
   * Opens the board when it is present and switches the relay off: a kiosk that restarted in the
   * middle of a pulse must not leave the barrier up. Resolves either way; the status tells.
   */
  async start(): Promise<void> {
    this.stopped = false;
    this.channel.addEventListener('connect', this.onConnect);
    this.channel.addEventListener('disconnect', this.onDisconnect);
    if (this.channel.present) await this.queued(() => this.switchOff()).catch(() => {});
    else this.onDisconnect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.offRetry);
    this.channel.removeEventListener('connect', this.onConnect);
    this.channel.removeEventListener('disconnect', this.onDisconnect);
    await this.queue;
    await this.dropLine();
  }

  /** One pulse; openings asked for while one runs follow it in turn, one pulse per car. */
  open(): Promise<'opened'> {
    return this.queued(() => this.pulse()).then(() => 'opened');
  }

  private queued(run: () => Promise<void>): Promise<void> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => {});
    return next;
  }

  private async pulse(): Promise<void> {
    if (this.stopped) throw new GateError('offline', 'the gate driver is stopped');
    let failure: unknown = null;
    try {
      await this.write(true);
      await new Promise((resolve) => setTimeout(resolve, this.options.pulseMs));
    } catch (error) {
      failure = error;
    }
    await this.switchOff();
    if (failure) throw failure;
  }

  /** Sends "off"; throws `stuck-on` (and keeps trying in the background) if it did not get through. */
  private async switchOff(): Promise<void> {
    clearTimeout(this.offRetry);
    try {
      await this.write(false);
      this.setStatus({ health: 'ok', relayOn: false, message: null });
    } catch (error) {
      const failure = error as GateError;
      if (failure.reason === 'offline') {
        this.setStatus({ health: 'offline', relayOn: false, message: failure.message });
        throw failure;
      }
      const message = `the relay board did not take "off" (${failure.message}): the barrier may stay up; switch relay ${this.options.relay} off at the board or unplug it, and check its USB cable`;
      this.setStatus({ health: 'error', relayOn: true, message });
      if (!this.stopped) this.offRetry = setTimeout(() => void this.queued(() => this.switchOff()).catch(() => {}), this.options.offRetryMs);
      throw new GateError('stuck-on', message, { cause: failure });
    }
  }

  /** Writes one frame, and once more on a reopened port if the line broke or stalled; an unplugged board is not retried. */
  private async write(on: boolean): Promise<void> {
    try {
      await this.writeOnce(on);
    } catch (error) {
      if ((error as GateError).reason === 'offline') throw error;
      await this.writeOnce(on);
    }
    if (on) this.setStatus({ health: 'ok', relayOn: true, message: null });
  }

  private async writeOnce(on: boolean): Promise<void> {
    const writer = await this.openLine();
    try {
      await within(writer.write(relayFrame(this.options.relay, on)), this.options.writeTimeoutMs, () => new GateError('timeout', `${this.channel.label} accepted no data for ${this.options.writeTimeoutMs} ms`));
    } catch (error) {
      // A broken or stuck port is let go; the next command opens it afresh.
      await this.dropLine();
      if (error instanceof GateError) throw error;
      throw new GateError(this.channel.present ? 'write-failed' : 'offline', `writing to ${this.channel.label} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  private async openLine(): Promise<WritableStreamDefaultWriter<Uint8Array>> {
    if (this.writer) return this.writer;
    if (!this.channel.present) throw new GateError('offline', `${this.channel.label} is not plugged in; plug the relay board in`);
    try {
      await within(this.channel.open(), this.options.writeTimeoutMs, () => new GateError('timeout', `${this.channel.label} did not open within ${this.options.writeTimeoutMs} ms`));
      if (!this.channel.writable) throw new Error('the port has no writable stream');
      this.writer = this.channel.writable.getWriter();
    } catch (error) {
      if (error instanceof GateError) throw error;
      throw new GateError('offline', `cannot open ${this.channel.label}: ${(error as Error).message}`, { cause: error });
    }
    return this.writer;
  }

  private async dropLine(): Promise<void> {
    const writer = this.writer;
    this.writer = null;
    if (writer) {
      writer.abort(new GateError('write-failed', 'the gate line was reset')).catch(() => {});
      writer.releaseLock();
    }
    await within(this.channel.close(), this.options.writeTimeoutMs, () => new GateError('timeout', 'closing the port hung')).catch(() => {});
  }

  private setStatus(status: GateStatus): void {
    const before = this.status;
    this.status = status;
    if (before.health !== status.health || before.relayOn !== status.relayOn || before.message !== status.message) {
      this.dispatchEvent(new CustomEvent<GateStatus>('status', { detail: status }));
    }
  }
}

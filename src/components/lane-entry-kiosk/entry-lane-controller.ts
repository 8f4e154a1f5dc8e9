/**
 * Runs the entry lane: feeds the pure entry machine and performs what each state asks for (the
 * admission check, the ticket from the proxy, the arrival for the outbox, the paper ticket, the
 * barrier), takes the lane camera's plate reads, and returns each screen to idle on its own. A Lit
 * ReactiveController, so the element stays a thin view.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LaneClient } from '../../client/lane-client.js';
import type { StreamStatus } from '../../client/sse.js';
import { entryTransition, initialEntryState, type AdmissionReason, type EntryAction, type EntryState, type IssuedEntry } from '../../core/entry-machine.js';
import type { GateOpening } from '../../core/gate-decision.js';
import type { GateOpenPayload } from '../../core/lane-events.js';
import { arrivePassage } from '../../core/passage.js';
import { checkPlate } from '../../core/plate.js';
import { isCurrentPlateRead } from '../../core/plate-read.js';
import type { LaneConfig, LaneStreamEvent, PlateReadEvent } from '../../core/quote.js';
import { gateOpenKey, openGateFor, type LaneGate } from '../../hardware/gate.js';
import { PrintError, printIssue, type PrinterDriver } from '../../hardware/printer-driver.js';
import { entryTicket } from '../../hardware/receipts.js';
import type { Outbox } from '../../offline/outbox.js';
import { LaneConnectionController } from '../shared/lane-connection-controller.js';
import { laneErrorFrom, NO_PROXY } from '../shared/lane-error.js';

/** How long each screen stays before the lane is ready for the next car. */
const RETURN_TO_IDLE_MS: Partial<Record<EntryState['name'], number>> = { printed: 8000, full: 15_000, error: 30_000 };

/** How often the idle screen's free-space count is refreshed. */
const SPACES_REFRESH_MS = 30_000;

/** What the lane's element provides: its id and devices, read when they are needed. */
export interface EntryLaneDevices {
  lane: string;
  printer: PrinterDriver | null;
  gate: LaneGate | null;
  outbox: Outbox | null;
}

export interface EntryLaneHooks {
  devices(): EntryLaneDevices;
  /** Resolves once the page has given the lane its devices (or has stopped being waited for). */
  untilEquipped?(): Promise<void>;
  /** Every state change, for the element's events and announcements. */
  onState?(state: EntryState, previous: EntryState): void;
  /** The camera's read was taken for the car at the barrier. */
  onPlateRead?(read: PlateReadEvent): void;
  /** The barrier was opened for a ticketed car, or the attempt failed. */
  onGateOpened?(record: GateOpenPayload): void;
  onStreamStatus?(status: StreamStatus): void;
  /** Every event from the stream, after the lane acted on its own (the remote attendant's calls and actions). */
  onStreamEvent?(event: LaneStreamEvent): void;
}

export class EntryLaneController implements ReactiveController {
  state: EntryState = initialEntryState;
  /** The proxy: config, clock skew, free spaces, the event stream, offline. */
  readonly connection: LaneConnectionController;
  /** The plate the lane camera read for the car at the barrier (POST …/plate-reads); null when none. */
  cameraPlate: string | null = null;
  /** The last opening failed: the car is still at a closed barrier until staff come. */
  gateFailed = false;
  private cameraPlateTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private idleHeld = false;
  private spacesTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: EntryLaneHooks,
  ) {
    this.connection = new LaneConnectionController(host, {
      onEvent: (event) => {
        if (event.type === 'plate.read') this.onPlateRead(event);
        this.hooks.onStreamEvent?.(event);
      },
      onStreamStatus: (status) => this.hooks.onStreamStatus?.(status),
    });
    host.addController(this);
  }

  get config(): LaneConfig | null {
    return this.connection.config;
  }

  setClient(client: LaneClient | null): void {
    this.connection.setClient(client);
  }

  hostConnected(): void {
    this.spacesTimer = setInterval(() => this.state.name === 'idle' && void this.connection.refreshSpaces(), SPACES_REFRESH_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.spacesTimer);
    clearTimeout(this.idleTimer);
    clearTimeout(this.cameraPlateTimer);
  }

  /**
   * While held (the driver is on a call with the remote attendant) the screen they are talking about
   * does not time out; released, its timeout starts again.
   */
  holdIdle(held: boolean): void {
    this.idleHeld = held;
    this.armReturn();
  }

  private armReturn(): void {
    clearTimeout(this.idleTimer);
    const after = RETURN_TO_IDLE_MS[this.state.name];
    if (after && !this.idleHeld) this.idleTimer = setTimeout(() => this.send({ type: 'reset' }), after);
  }

  /** The driver's press (or a hardware button): the camera's plate if it read one, else the given one. */
  requestTicket(plate: string | null): void {
    const seen = this.cameraPlate ?? plate;
    const check = seen ? checkPlate(seen) : null;
    this.send({ type: 'ticket-requested', plate: check?.ok ? check.plate : null });
  }

  /** The remote attendant corrected the plate: the camera's (mis)read gives way to it, and the car is checked again by it. */
  requestTicketFor(plate: string): void {
    this.send({ type: 'reset' });
    this.setCameraPlate(null);
    this.requestTicket(plate);
  }

  send(action: EntryAction): void {
    const previous = this.state;
    const next = entryTransition(previous, action);
    if (next === previous) return;
    this.state = next;
    this.armReturn();
    if (next.name === 'checking') {
      this.gateFailed = false;
      void this.check(next);
    }
    if (next.name === 'issuing') void this.issue(next);
    if (next.name === 'idle') {
      this.setCameraPlate(null);
      void this.connection.refreshSpaces();
    }
    this.hooks.onState?.(next, previous);
    this.host.requestUpdate();
  }

  /**
   * The lane camera read a plate. A sure read on the idle lane asks for the car's ticket at once
   * (admitted by plate, no press); an unsure one is shown for the driver to confirm with the press.
   * Either is forgotten once the lane is idle again, or after the lane's idle timeout unused.
   */
  private onPlateRead(read: PlateReadEvent): void {
    if (this.state.name !== 'idle' || !isCurrentPlateRead(read, Date.now(), this.connection.skewMs)) return;
    this.setCameraPlate(read.plate);
    this.hooks.onPlateRead?.(read);
    if (!read.confirm) this.requestTicket(null);
  }

  private setCameraPlate(plate: string | null): void {
    clearTimeout(this.cameraPlateTimer);
    this.cameraPlate = plate;
    if (plate !== null) this.cameraPlateTimer = setTimeout(() => this.setCameraPlate(null), (this.config?.idleTimeoutSeconds ?? 90) * 1000);
    this.host.requestUpdate();
  }

  private fail(error: unknown): void {
    const laneError = laneErrorFrom(error);
    this.connection.noteFailure(laneError);
    this.send({ type: 'failed', error: laneError });
  }

  /** A plate is looked up for reservations and stagger agreements; without one, only a free space admits. */
  private async check(checking: Extract<EntryState, { name: 'checking' }>): Promise<void> {
    const { plate } = checking;
    const client = this.connection.client;
    if (!client) return this.send({ type: 'failed', error: NO_PROXY });
    // An answer for a car the lane has since moved on from (a reset, a corrected plate) is not this car's.
    const answer = (action: EntryAction) => this.state === checking && this.send(action);
    try {
      if (plate) {
        const admission = await client.admission(plate);
        answer(admission.admitted ? { type: 'admitted', reason: admission.reason as AdmissionReason } : { type: 'lot-full' });
        return;
      }
      const spaces = await client.spaces().catch(() => null);
      answer(spaces?.freeSpaces === 0 ? { type: 'lot-full' } : { type: 'admitted', reason: 'space' });
    } catch (error) {
      if (this.state === checking) this.fail(error);
    }
  }

  private async issue(issuing: Extract<EntryState, { name: 'issuing' }>): Promise<void> {
    const { plate } = issuing;
    const client = this.connection.client;
    if (!client) return this.send({ type: 'failed', error: NO_PROXY });
    // A lane just started may not have its printer and outbox yet: the ticket is printed, and the
    // arrival recorded, once it has.
    await this.hooks.untilEquipped?.();
    if (this.state !== issuing) return;
    let ticket;
    try {
      ticket = await client.issueTicket(plate);
    } catch (error) {
      if (this.state === issuing) this.fail(error);
      return;
    }
    // Reset meanwhile (an attendant's reset or corrected plate): this car is no longer the one at the barrier.
    if (this.state !== issuing) return;
    const { lane, outbox } = this.hooks.devices();
    const entry: IssuedEntry = { ticketNo: ticket.ticketNo, payload: ticket.payload, enteredAt: ticket.enteredAt, plate: plate ?? ticket.license };
    const enteredAtMs = Date.parse(ticket.enteredAt);
    // The arrival is queued before printing: paper trouble must not lose the city report.
    const arrival = arrivePassage(entry.plate, enteredAtMs);
    if (arrival) void outbox?.enqueue('arrive', `${lane}/passage`, arrival, `arrive-${ticket.ticketNo}`).catch(() => {});
    const printed = await this.print(entry, enteredAtMs);
    this.send({ type: 'ticket-issued', entry, printed });
    // The car has its ticket — on paper, or on screen when the paper did not come out, which the
    // lane already treats as a valid entry — so the barrier lifts.
    await this.openGate({ reason: 'entry-ticket', plate: entry.plate, ref: entry.ticketNo });
  }

  /** Lifts the barrier (nothing without one) and records the opening, or the failed attempt. */
  async openGate(opening: GateOpening): Promise<void> {
    await this.hooks.untilEquipped?.();
    const { lane, gate, outbox } = this.hooks.devices();
    if (!gate) return;
    const record = await openGateFor(gate, opening);
    this.gateFailed = record.result === 'failed';
    this.host.requestUpdate();
    this.hooks.onGateOpened?.(record);
    await outbox?.enqueue('gate-open', `${lane}/gate`, record, gateOpenKey(record)).catch(() => {});
  }

  private async print(entry: IssuedEntry, enteredAtMs: number): Promise<boolean> {
    const { lane, printer, outbox } = this.hooks.devices();
    if (!printer) return false;
    const blocks = entryTicket(
      { lotName: this.config?.lot.name ?? '', laneName: this.config?.laneName ?? lane, ticketNo: entry.ticketNo, enteredAtMs, qrPayload: entry.payload },
      printer.profile,
    );
    const report = (failure: { reason: string; message: string }) =>
      void outbox?.enqueue('printer-failure', `${lane}/device`, { ...failure, atMs: Date.now() }).catch(() => {});
    try {
      // Every byte, cut included, was written: the ticket is out, even if the printer did not confirm it.
      const issue = printIssue(await printer.print(blocks));
      if (issue) report(issue);
      return true;
    } catch (error) {
      report({ reason: error instanceof PrintError ? error.reason : 'unknown', message: (error as Error).message });
      return false;
    }
  }
}

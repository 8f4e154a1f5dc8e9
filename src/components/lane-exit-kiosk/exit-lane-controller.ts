/**
 * Runs the exit lane: feeds the pure state machine and performs what each state asks for
 * (quote, coupon and lane-auth requests, expiry and farewell timers, the inactivity timeout,
 * payment and car-at-exit events from the proxy). A Lit ReactiveController, so the element stays
 * a thin view.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LaneClient } from '../../client/lane-client.js';
import type { StreamStatus } from '../../client/sse.js';
import { exitGateOpening, type GateOpening } from '../../core/gate-decision.js';
import { initialLaneState, isAbandonable, laneTransition, type CouponScan, type LaneAction, type LaneState } from '../../core/lane-machine.js';
import { checkPlate } from '../../core/plate.js';
import { isCurrentPlateRead } from '../../core/plate-read.js';
import type { LaneConfig, LaneStreamEvent as LaneEvent, PlateReadEvent, Quote, QuotePaidEvent } from '../../core/quote.js';
import { LaneConnectionController } from '../shared/lane-connection-controller.js';
import { laneErrorFrom, NO_PROXY } from '../shared/lane-error.js';

export interface ExitLaneTimings {
  /** How long "paid" shows at least, so the driver sees it before the farewell. */
  paidDisplayMs: number;
  farewellMs: number;
  idleTimeoutMs: number;
  /** Pause before asking the platform again about an undecided ticket (the spec suggests ~2 s). */
  authRetryMs: number;
}

export interface ExitLaneHooks {
  /** Prints the receipt; the lane waits for it (or its failure) before the farewell. */
  printReceipt?(quote: Quote, paidFen: number, channel: string): Promise<void>;
  /** The lane decided the car may go (paid, nothing due, released): lift the barrier. */
  openGate?(opening: GateOpening): void;
  /** Every state change, for the element's events and announcements. */
  onState?(state: LaneState, previous: LaneState): void;
  /** The proxy's event stream (payments, cars at the exit) opened, dropped or closed. */
  onStreamStatus?(status: StreamStatus): void;
  /** Every event from the stream, after the lane acted on its own (the remote attendant's calls and actions). */
  onStreamEvent?(event: LaneEvent): void;
  /**
   * A driver started something on the idle screen (a half-typed plate, another language) and then
   * left it for the inactivity timeout: the next driver must find a fresh screen.
   */
  onIdleAbandoned?(): void;
}

/** What became of a scanned merchant coupon. */
export type CouponScanResult = 'applied' | 'needs-fee' | 'nothing-due';

export class ExitLaneController implements ReactiveController {
  state: LaneState = initialLaneState;
  /** The proxy: config, clock skew, free spaces, the event stream, offline (the lane falls back to staff release). */
  readonly connection: LaneConnectionController;
  /**
   * The plate the lane camera last read, kept on the idle keyboard for the driver to confirm (an
   * unsure read) or to correct (a misread came back with 返回) until the car is through or the
   * lane's idle timeout passes.
   */
  plateSuggestion: string | null = null;
  private suggestionTimer: ReturnType<typeof setTimeout> | undefined;
  /** Recent payment events by quote id, for a quote whose answer arrives after its payment. */
  private readonly earlyPayments = new Map<string, QuotePaidEvent>();
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private idleHeld = false;
  private inFlight: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly timings: ExitLaneTimings,
    private readonly hooks: ExitLaneHooks = {},
  ) {
    this.connection = new LaneConnectionController(host, {
      onEvent: (event) => {
        this.onLaneEvent(event);
        this.hooks.onStreamEvent?.(event);
      },
      onStreamStatus: (status) => this.hooks.onStreamStatus?.(status),
    });
    host.addController(this);
  }

  /** The lane's config: the proxy's, or the device's cached copy until it answers. */
  get config(): LaneConfig | null {
    return this.connection.config;
  }

  /** Points the lane at a proxy; a request still in flight to the old one is dropped. */
  setClient(client: LaneClient | null): void {
    if (client === this.connection.client) return;
    this.inFlight?.abort();
    this.connection.setClient(client);
  }

  hostDisconnected(): void {
    this.inFlight?.abort();
    clearTimeout(this.stateTimer);
    clearTimeout(this.idleTimer);
    clearTimeout(this.suggestionTimer);
  }

  /**
   * While held (the driver is on a call with the remote attendant) the screen they are talking about
   * does not time out; released, its timeout starts again.
   */
  holdIdle(held: boolean): void {
    this.idleHeld = held;
    if (held) clearTimeout(this.idleTimer);
    else this.noteActivity();
  }

  /** A touch or key press: the driver is still there (on the idle screen, a session has begun). */
  noteActivity(): void {
    if (isAbandonable(this.state) || this.state.name === 'idle') this.armIdleTimer();
  }

  submitPlate(raw: string): void {
    const check = checkPlate(raw);
    this.send(
      check.ok
        ? { type: 'plate-submitted', plate: check.plate }
        : { type: 'plate-rejected', plate: check.plate, error: { kind: 'invalid-plate', code: check.problem, message: check.message } },
    );
  }

  /** A scanned entry ticket: the platform decides whether the car pays or leaves. */
  submitTicket(ticket: string): void {
    this.send({ type: 'ticket-scanned', ticket });
  }

  /** A scanned merchant coupon: applied to the fee on screen, or why not (no fee looked up yet, nothing to pay). */
  submitCoupon(coupon: CouponScan): CouponScanResult {
    const before = this.state;
    this.send({ type: 'coupon-scanned', coupon });
    if (this.state !== before) return 'applied';
    return before.name === 'quoted' && before.quote.status === 'nothing-to-pay' ? 'nothing-due' : 'needs-fee';
  }

  send(event: LaneAction): void {
    const previous = this.state;
    const next = laneTransition(previous, event);
    if (next === previous) return;
    this.state = next;
    const opening = exitGateOpening(previous, event, next);
    if (opening) this.hooks.openGate?.(opening);
    this.enter(next, previous);
    this.hooks.onState?.(next, previous);
    this.host.requestUpdate();
  }

  private onLaneEvent(event: LaneEvent): void {
    if (event.type === 'quote.paid') {
      // A password-free charge can be announced before the quote's own HTTP answer arrives: keep it for then.
      this.earlyPayments.set(event.quoteId, event);
      if (this.earlyPayments.size > 20) this.earlyPayments.delete(this.earlyPayments.keys().next().value!);
      this.send({ type: 'paid', quoteId: event.quoteId, paidFen: event.paidFen, channel: event.channel });
    }
    // A platform saw the car at this exit: its fee comes up with no typing, unless a driver is mid-flow.
    if (event.type === 'car.exit' && this.state.name === 'idle') this.submitPlate(event.plate);
    if (event.type === 'plate.read') this.onPlateRead(event);
  }

  /**
   * The lane camera read a plate. On the idle lane a sure read is quoted at once and an unsure one
   * waits on the keyboard; either stays there for the driver to correct. A read replayed after a
   * reconnect, or of a car that has moved on, is ignored, as is one while a driver is mid-flow.
   */
  private onPlateRead(read: PlateReadEvent): void {
    if (this.state.name !== 'idle' || !isCurrentPlateRead(read, Date.now(), this.connection.skewMs)) return;
    this.setPlateSuggestion(read.plate);
    if (!read.confirm) this.submitPlate(read.plate);
  }

  private setPlateSuggestion(plate: string | null): void {
    clearTimeout(this.suggestionTimer);
    this.plateSuggestion = plate;
    if (plate !== null) {
      const ms = this.config ? this.config.idleTimeoutSeconds * 1000 : this.timings.idleTimeoutMs;
      this.suggestionTimer = setTimeout(() => this.setPlateSuggestion(null), ms);
    }
    this.host.requestUpdate();
  }

  private enter(state: LaneState, previous: LaneState): void {
    clearTimeout(this.stateTimer);
    clearTimeout(this.idleTimer);
    if ((previous.name === 'identifying' || previous.name === 'authenticating') && state.name !== previous.name) this.inFlight?.abort();
    switch (state.name) {
      case 'identifying':
        this.request((client, signal) => (state.coupon ? client.applyCoupon(state.plate, state.coupon, signal) : client.quote(state.plate, signal)), (quote) => ({ type: 'quote-received', quote }));
        break;
      case 'authenticating':
        this.request((client, signal) => client.laneAuth(state.ticket, { refresh: state.refresh, signal }), (answer) => ({ type: 'auth-answered', answer }));
        break;
      case 'auth-waiting':
        this.stateTimer = setTimeout(() => this.send({ type: 'auth-retry' }), this.timings.authRetryMs);
        break;
      case 'quoted':
      case 'paying': {
        const early = this.earlyPayments.get(state.quote.quoteId);
        if (early) {
          queueMicrotask(() => this.send({ type: 'paid', quoteId: early.quoteId, paidFen: early.paidFen, channel: early.channel }));
          break;
        }
        const remaining = Date.parse(state.quote.expiresAt) - Date.now();
        this.stateTimer = setTimeout(() => this.send({ type: 'quote-expired' }), Math.max(1000, remaining));
        if (state.name === 'quoted') this.armIdleTimer();
        break;
      }
      case 'paid':
        this.setPlateSuggestion(null);
        void this.finishPaid(state.quote, state.paidFen, state.channel);
        break;
      case 'farewell':
        this.setPlateSuggestion(null);
        this.stateTimer = setTimeout(() => this.send({ type: 'reset' }), this.config ? this.config.farewellSeconds * 1000 : this.timings.farewellMs);
        break;
      case 'error':
        this.armIdleTimer();
        break;
      case 'idle':
        // Every car leaving frees a space; the idle screen shows the count as of now.
        if (previous.name !== 'idle') void this.connection.refreshSpaces();
        break;
    }
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (this.idleHeld) return;
    const ms = this.config ? this.config.idleTimeoutSeconds * 1000 : this.timings.idleTimeoutMs;
    this.idleTimer = setTimeout(() => (this.state.name === 'idle' ? this.hooks.onIdleAbandoned?.() : this.send({ type: 'reset' })), ms);
  }

  /** One request for the state being entered; its answer is dropped if the lane moved on meanwhile. */
  private request<T>(ask: (client: LaneClient, signal: AbortSignal) => Promise<T>, answered: (answer: T) => LaneAction): void {
    const client = this.connection.client;
    if (!client) {
      this.send({ type: 'quote-failed', error: NO_PROXY });
      return;
    }
    this.inFlight?.abort();
    const inFlight = new AbortController();
    this.inFlight = inFlight;
    ask(client, inFlight.signal).then(
      (answer) => !inFlight.signal.aborted && this.send(answered(answer)),
      (error) => {
        if (inFlight.signal.aborted) return;
        const laneError = laneErrorFrom(error);
        this.connection.noteFailure(laneError);
        this.send({ type: 'quote-failed', error: laneError });
      },
    );
  }

  private async finishPaid(quote: Quote, paidFen: number, channel: string): Promise<void> {
    const shown = new Promise((resolve) => setTimeout(resolve, this.timings.paidDisplayMs));
    // A printer failure must not trap the car: the driver has paid. The printer reports its own fault.
    await Promise.allSettled([this.hooks.printReceipt?.(quote, paidFen, channel), shown]);
    if (this.state.name === 'paid' && this.state.quote.quoteId === quote.quoteId) this.send({ type: 'receipt-done' });
  }
}

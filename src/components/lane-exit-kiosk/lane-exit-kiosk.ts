import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LaneClient } from '../../client/lane-client.js';
import type { LaneState } from '../../core/lane-machine.js';
import type { Quote } from '../../core/quote.js';
import type { ScanMeaning } from '../../core/scan-router.js';
import { gateOpenKey, type LaneGate } from '../../hardware/gate.js';
import type { PrinterDriver } from '../../hardware/printer-driver.js';
import type { ScannerDriver } from '../../hardware/scanner-driver.js';
import type { OfflineBillPayload } from '../../core/lane-events.js';
import { remoteGateOpening } from '../../core/gate-decision.js';
import { leavePassage, remoteReleaseBill, staffReleaseBill, staffReleaseCar, staffReleasePassage } from '../../core/passage.js';
import { boardScreenOf, gateHealthOf, printerHealthOf } from '../../core/attendant/lane-board.js';
import type { RemoteActionCommand, RemoteActionOutcome } from '../../core/attendant/staff-access.js';
import type { LaneFacts } from '../../client/lane-reporter.js';
import { deadlineStatus } from '../../core/report-deadline.js';
import type { Outbox } from '../../offline/outbox.js';
import { OutboxController } from '../../offline/outbox-controller.js';
import { ExitLaneController } from './exit-lane-controller.js';
import { untilEquipped } from '../shared/equipment.js';
import { emit } from '../shared/events.js';
import { boardOutbox, LaneAttendantController, type StaffNote } from '../shared/lane-attendant-controller.js';
import type { LaneStaffExitEvent } from '../lane-staff-exit/lane-staff-exit.js';
import { ExitKioskParts } from './exit-kiosk-parts.js';
import { LaneHardwareController } from './lane-hardware-controller.js';
import { DriverLocale, kioskHeader, switchVoice } from '../shared/kiosk-chrome.js';
import { kioskStyles } from '../shared/kiosk.styles.js';
import { messages } from '../shared/messages.js';
import { renderExitScreen } from './lane-exit-kiosk.screens.js';
import { exitKioskStyles } from './lane-exit-kiosk.styles.js';
import '../lane-status-bar/lane-status-bar.js';
import { announcementFor, LaneVoice } from '../shared/voice.js';
import { LocalizedElement } from '../shared/localized-element.js';

export type LaneStateEvent = CustomEvent<{ state: LaneState; previous: LaneState }>;
export type LaneQuoteEvent = CustomEvent<{ quote: Quote }>;
export type LanePaidEvent = CustomEvent<{ quote: Quote; paidFen: number }>;
export type LaneScanEvent = CustomEvent<{ meaning: ScanMeaning }>;
export type LaneStaffReleaseEvent = CustomEvent<{ bill: OfflineBillPayload }>;
export type LaneAnnounceEvent = CustomEvent<{ text: string; spoken: boolean }>;
export type { LaneCallStaffEvent, LaneGateOpenEvent, LaneLocaleEvent, LaneRemoteActionEvent, LaneStreamStatusEvent } from '../shared/kiosk-events.js';

/**
 * @tag lane-exit-kiosk
 * @summary The exit lane screen: plate in, fee and pay QR out, paid, farewell, back to idle.
 *
 * @attr proxy-url - Base URL of the lane-kiosk proxy.
 * @attr lane - The lane id (e.g. `exit-1`).
 * @attr lane-key - The lane's API key.
 * @attr locale - `zh-CN` or `en`; unset, it follows the closest `lang` attribute (the element's, an ancestor's, the document's); the header's language button switches it at runtime.
 * @attr lane-qr - URL of the lane's QR for unlicensed cars, shown on the idle screen. Optional: by default the
 *   lane config's `laneQrUrl` (configured for the lane or registered with the platform through the proxy).
 * @attr muted - Turns spoken announcements off (the header's voice button toggles it).
 * @prop printer - A PrinterDriver for exit receipts (optional).
 * @prop scanner - A ScannerDriver; scanned plates start a quote, tickets are checked with the proxy (optional).
 * @prop gate - The lane's barrier (`LaneGate`: a RelayGate the kiosk pulses, or a PlatformGate); null for none. It
 *   opens only when the car has paid, owes nothing, is released by the platform or by staff (optional).
 * @prop outbox - The lane's Outbox; staff releases and gate openings are queued there (optional).
 * @prop equipped - For a page that gives the lane its devices and outbox after the first screen: a promise that
 *   settles once it has. A barrier opening and a hand release wait for it (10 s at most). Null (the default): they
 *   are given from the start.
 *
 * @event {LaneStateEvent} lane-state - Every state change. Bubbles, composed.
 * @event {LaneQuoteEvent} lane-quote - A quote arrived. Bubbles, composed.
 * @event {LanePaidEvent} lane-paid - The proxy confirmed payment. Bubbles, composed.
 * @event {LaneCallStaffEvent} lane-call-staff - The driver asked for help (on a lot with a remote attendant desk, the
 *   lane also rings the attendants and shows the call). Cancelable: a page that rang its own intercom calls
 *   preventDefault(), and the lane then says staff were called; otherwise, with no call rung, it gives the lot's
 *   phone or says staff cannot be called from there now. Bubbles, composed.
 * @event {LaneRemoteActionEvent} lane-remote-action - A remote attendant acted on the lane (release, plate correction,
 *   reprint, reset, barrier); `outcome` says what the lane did (`done`, or `no-car` when the car on screen is not
 *   the one the attendant saw, `no-device` without a printer or gate, `failed` when the bill could not be stored or
 *   the printer or gate failed); the proxy is told too, for the audit trail and the attendant.
 *   Bubbles, composed.
 * @event {LaneScanEvent} lane-scan - The scanner read something. Bubbles, composed.
 * @event {LaneStaffReleaseEvent} lane-staff-release - Staff released a car by hand; the bill is queued. Bubbles, composed.
 * @event {LaneGateOpenEvent} lane-gate-open - The barrier was opened for a car, or the attempt failed; the record is queued as a
 *   `gate-open` lane event. Bubbles, composed.
 * @event {LaneLocaleEvent} lane-locale - The driver switched the language. Bubbles, composed.
 * @event {LaneAnnounceEvent} lane-announce - An announcement was made (spoken unless muted). Bubbles, composed.
 * @event {LaneStreamStatusEvent} lane-stream - The proxy's event stream (payments, cars at the exit) changed: `connecting`, `open`,
 *   `reconnecting` (the lane still quotes, but hears of payments only once it is back) or `closed`. Bubbles,
 *   composed.
 *
 * @csspart header - Lot name, lane and clock.
 * @csspart screen - The area that changes with the lane's state.
 * @csspart fee - The fee breakdown.
 * @csspart footer - Staff notes and the status bar.
 * @csspart gate-alert - The barrier did not open: the note with its call-staff button.
 * @csspart plate-input - The on-screen plate keyboard on the idle screen.
 * @csspart plate-suggestion - The lane camera's plate, on the keyboard for the driver to confirm or correct.
 * @csspart spaces - The free-space count on the idle screen.
 * @csspart lane-qr - The unlicensed-car lane QR on the idle screen.
 * @csspart quote-countdown - Time until the fee is recalculated.
 * @csspart coupon-notice - Why a scanned coupon left the fee as it was (already applied, refused).
 * @csspart staff-note - How to reach staff when no call can be made (no desk, or offline): the lot's phone, on the screen where the driver asked.
 * @csspart call - The call to the remote attendant (`<lane-call-status>`): 正在呼叫, 通话中, 无人接听 with the lot's phone.
 * @csspart offline-banner - The proxy or the platform cannot be reached; staff can release cars.
 * @csspart status-bar - The lane status bar (its `chip` and `detail` parts are exported).
 * @csspart locale-switch - The language button.
 * @csspart voice-switch - The voice on/off button.
 * @csspart scan-note - Why the last scan did nothing (a coupon with no fee on screen, a payment code, an unknown code).
 * @csspart outbox-alert - What staff must act on about queued lane events: refused records (opens the list), the 01:00 report deadline, a failing disk.
 *
 * @cssprop --lane-primary - Button colour.
 * @cssprop --lane-accent - Colour of amounts due.
 * @cssprop --lane-bg - Page background.
 * @cssprop --lane-font - Font stack.
 * @cssprop --lane-panel - Background of cards and keys (default white).
 * @cssprop --lane-text - Text colour (default #0f172a).
 * @cssprop --lane-muted - Colour of hints and secondary text (default #475569).
 * @cssprop --lane-font-size - Base font size; everything scales with it (default grows with the screen, 1.25rem to 2.75rem).
 * @cssprop --lane-header-bg - Header background (default #0f172a).
 * @cssprop --lane-header-text - Header text colour (default #f8fafc).
 * @cssprop --lane-plate-bg - Background of the plate badge (default #0050b3, a blue plate).
 * @cssprop --lane-plate-new-energy - Background of a new-energy plate's badge (default #16a34a, green).
 * @cssprop --lane-success - Colour of good news: free spaces, paid (default #237804).
 * @cssprop --lane-warning-bg - Offline banner background (default #fff1b8).
 * @cssprop --lane-warning-text - Offline banner text colour (default #613400).
 * @cssprop --lane-danger - Colour of alerts and refusals (default #a8071a).
 */
export class LaneExitKiosk extends LocalizedElement {
  static override styles = [kioskStyles, exitKioskStyles];

  @property({ type: String, attribute: 'proxy-url' }) proxyUrl = '';
  @property({ type: String }) lane = '';
  @property({ type: String, attribute: 'lane-key' }) laneKey = '';
  @property({ type: String, attribute: 'lane-qr' }) laneQr = '';
  @property({ type: Boolean, reflect: true }) muted = false;
  @property({ attribute: false }) printer: PrinterDriver | null = null;
  @property({ attribute: false }) scanner: ScannerDriver | null = null;
  @property({ attribute: false }) gate: LaneGate | null = null;
  @property({ attribute: false }) outbox: Outbox | null = null;
  @property({ attribute: false }) equipped: Promise<unknown> | null = null;
  /** The time the screen shows; tests and the shell may set it. */
  @state() now = Date.now();
  @state() private staffExitOpen = false;
  /** The plate the driver went back from, on the keyboard again. */
  @state() private retypePlate: string | null = null;
  /** The next return to idle is the driver's own 返回, not the end of their visit. */
  private goingBack = false;
  @state() private deadLettersOpen = false;
  @state() private staffProblem = false;
  /** A hand release is being written to the outbox. */
  private releasing = false;
  /** The driver asked for staff and no call rang: what the screen says instead. */
  @state() private staffNote: StaffNote | null = null;
  /** The last opening failed: the car in front is still at a closed barrier until staff come. */
  @state() private gateFailed = false;

  /** Exposed for tests and embedding apps that want to drive or observe the lane directly. */
  readonly controller: ExitLaneController = new ExitLaneController(
    this,
    { paidDisplayMs: 2500, farewellMs: 6000, idleTimeoutMs: 90_000, authRetryMs: 2000 },
    {
      onState: (state, previous) => {
        this.staffNote = null;
        this.announce(announcementFor(state, previous, this.locale));
        this.staffExitOpen = false;
        if (state.name !== 'identifying') this.hardware.clearScanNote();
        // A new car at the exit means the one the barrier failed has gone.
        if (state.name === 'identifying' || state.name === 'authenticating') this.gateFailed = false;
        emit(this, 'lane-state', { state, previous });
        if (state.name === 'quoted' && (previous.name === 'identifying' || previous.name === 'authenticating')) emit(this, 'lane-quote', { quote: state.quote });
        if (state.name === 'paid') {
          emit(this, 'lane-paid', { quote: state.quote, paidFen: state.paidFen });
          this.queueLeave(state.quote, state.quote.paidFen + state.paidFen, state.channel);
        }
        if (state.name === 'farewell' && previous.name === 'quoted') this.queueLeave(previous.quote, previous.quote.paidFen, 'unknown');
        if (state.name === 'idle' && !this.goingBack) this.endSession();
        this.goingBack = false;
      },
      onIdleAbandoned: () => this.endSession(),
      onStreamStatus: (status) => {
        this.attendant.onStreamStatus(status);
        emit(this, 'lane-stream', { status });
      },
      onStreamEvent: (event) => this.attendant.onEvent(event),
      printReceipt: (quote, paidFen, channel): Promise<void> => this.hardware.printReceipt(quote, paidFen, channel),
      openGate: (opening) => void this.hardware.openGate(opening),
    },
  );
  /** The pay QR, the staff release form, the refused records and the receipts: loaded after the first paint or on first use. */
  private readonly parts = new ExitKioskParts(this);
  private readonly hardware: LaneHardwareController = new LaneHardwareController(this, this.parts.printing, {
    config: () => this.controller.config,
    plateScanned: (plate) => this.controller.submitPlate(plate),
    ticketScanned: (ticket) => this.controller.submitTicket(ticket),
    couponScanned: (coupon) => this.controller.submitCoupon(coupon),
    scanned: (meaning) => emit(this, 'lane-scan', { meaning }),
    untilEquipped: () => untilEquipped(this.equipped),
    printFailed: (failure) => void this.outbox?.enqueue('printer-failure', `${this.lane}/device`, failure).catch(() => {}),
    gateOpened: (record) => {
      this.gateFailed = record.result === 'failed';
      if (this.gateFailed) this.announce(messages(this.locale).gateFailed);
      emit(this, 'lane-gate-open', { record });
      void this.outbox?.enqueue('gate-open', `${this.lane}/gate`, record, gateOpenKey(record)).catch(() => {});
    },
  });
  private readonly outboxState = new OutboxController(this);
  /** The remote attendants: the board's view of this lane, the driver's call, their remote actions. */
  readonly attendant: LaneAttendantController = new LaneAttendantController(
    this,
    () => ({ client: this.controller.connection.client, config: this.controller.config, skewMs: this.controller.connection.skewMs }),
    { facts: () => this.boardFacts(), carryOut: (action) => this.carryOut(action), onCallLive: (live) => this.controller.holdIdle(live) },
  );
  /** Speaks through speechSynthesis; replaceable (before connecting) by apps with their own audio. */
  voice: LaneVoice = new LaneVoice();
  /** The language before a driver switched it; null while nobody has. */
  private readonly driverLocale = new DriverLocale(this);
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  /** The screen has had its first frame: from then on the keyboard may take the focus. */
  private framed = false;

  constructor() {
    super();
    this.addEventListener('pointerdown', () => this.controller.noteActivity());
    this.addEventListener('keydown', () => this.controller.noteActivity());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The clock shows minutes; only the fee screen's countdown needs every second.
    this.clockTimer = setInterval(() => {
      const now = Date.now();
      if (this.controller.state.name === 'quoted' || Math.floor(now / 60_000) !== Math.floor(this.now / 60_000)) this.now = now;
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clockTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('printer')) this.hardware.setPrinter(this.printer);
    if (changed.has('scanner')) this.hardware.setScanner(this.scanner);
    if (changed.has('gate')) this.hardware.setGate(this.gate);
    if (changed.has('outbox')) this.outboxState.setOutbox(this.outbox);
    if (changed.has('muted')) this.voice.setMuted(this.muted);
    if (changed.has('proxyUrl') || changed.has('lane') || changed.has('laneKey')) {
      this.controller.setClient(
        this.proxyUrl && this.lane && this.laneKey ? new LaneClient({ proxyUrl: this.proxyUrl, laneId: this.lane, laneKey: this.laneKey }) : null,
      );
    }
  }

  protected override firstUpdated(): void {
    // focus() lays the screen out at once; before the first frame its children have not rendered yet
    // and that layout is thrown away (a third of a cold start on a slow kiosk). The first frame's is not.
    requestAnimationFrame(() => {
      this.framed = true;
      this.updated();
    });
  }

  protected override updated(): void {
    // Keep the plate keyboard ready on the idle screen, so a hardware keyboard works without a tap,
    // but never take the focus from anything else on the page (staff tools, a settings form).
    const input = this.renderRoot.querySelector<HTMLElement>('lane-plate-input');
    const focused = document.activeElement;
    if (this.framed && input && (focused === null || focused === document.body || (focused === this && this.shadowRoot?.activeElement === null))) input.focus();
  }

  /** Back to the idle screen, whatever is showing (the kiosk shell's watchdog uses it). */
  reset(): void {
    this.staffExitOpen = false;
    this.deadLettersOpen = false;
    this.controller.send({ type: 'reset' });
  }

  private announce(text: string | null): void {
    if (!text) return;
    this.voice.say(text, this.locale);
    emit(this, 'lane-announce', { text, spoken: !this.muted });
  }

  /**
   * Every exit is a lane event for the platforms (the city platform's leave report): queued, so an
   * outage delays it but never loses it. A failed write shows as a storage error in the footer.
   */
  private queueLeave(quote: Quote, payFen: number, channel: string): void {
    const passage = leavePassage(quote, payFen, channel, Date.now());
    if (passage) void this.outbox?.enqueue('leave', `${this.lane}/passage`, passage, `leave-${quote.quoteId}`).catch(() => {});
  }

  /**
   * Queues the hand-released bill (and the car's leaving) before the gate opens; nothing is lost.
   * A car that came with an entry ticket takes it along in the bill: it names the entry lane.
   */
  private async onStaffRelease(event: LaneStaffExitEvent): Promise<void> {
    event.stopPropagation();
    const bill = staffReleaseBill(event.detail.bill, staffReleaseCar(this.controller.state)?.ticket ?? null);
    await this.release(bill);
  }

  /**
   * A hand release, at the lane or by the remote attendant: the bill and the leave queued, then the
   * barrier. One at a time: a second release while the first is being written (staff at the lane and
   * an attendant at once) would bill the car twice. A remote action's id names its records, so the
   * same action (`remote`) is never queued twice either. The gate's record names the bill, or the action.
   * True once the bill and the leave are queued and the lane let the car go.
   */
  private async release(bill: OfflineBillPayload, remote?: { attendantId: string; actionId: string }): Promise<boolean> {
    if (this.releasing) return false;
    this.releasing = true;
    const lane = this.lane;
    let billKey: string;
    try {
      // A lane just started sets its outbox up a moment after its first screen: a release then waits for it, within a bound.
      await untilEquipped(this.equipped);
      if (!this.outbox) throw new Error('no outbox on this lane');
      const key = remote && `remote-${remote.actionId}`;
      billKey = await this.outbox.enqueue('offline-bill', `${lane}/fee`, bill, key && `${key}-bill`);
      await this.outbox.enqueue('leave', `${lane}/passage`, staffReleasePassage(bill), key && `${key}-leave`);
    } catch {
      this.staffProblem = true;
      return false;
    } finally {
      this.releasing = false;
    }
    this.staffProblem = false;
    emit(this, 'lane-staff-release', { bill });
    this.controller.send({ type: 'staff-released', plate: bill.plate, release: remote ?? { billKey } });
    // The driver who paid staff gets a receipt; the barrier does not wait for it.
    void this.hardware.printStaffRelease(bill);
    return true;
  }

  private renderStaffRelease() {
    const car = staffReleaseCar(this.controller.state);
    if (!this.staffExitOpen || !car) return nothing;
    const config = this.controller.config;
    const close = () => (this.staffExitOpen = false);
    return html`<div class="overlay">
      ${this.parts.render(
        'staffExit',
        this.locale,
        () => html`<lane-staff-exit
          .plate=${car.plate}
          .tariff=${config?.tariff ?? null}
          .staffPin=${config?.staffPin ?? null}
          .locale=${this.locale}
          @lane-staff-exit=${this.onStaffRelease}
          @lane-staff-cancel=${close}
        ></lane-staff-exit>`,
        close,
      )}
      ${this.staffProblem ? html`<p class="alert" role="alert">${messages(this.locale).staff.notStored}</p>` : nothing}
    </div>`;
  }

  /** Rings the remote attendants when the lot has them and the lane is online; otherwise the screen says how to reach staff. */
  private callStaff = (): void => {
    this.staffNote = this.attendant.askForStaff(this.controller.connection.offline, this.controller.state);
  };

  /**
   * What the attendant decided, done as the lane would do it by hand: a release queues the same bill
   * and leave as staff at the lane and lifts the barrier through the lane's own decision. Resolves to
   * what really happened (the bill not stored, the printer or the gate failing is `failed`), which the
   * attendant is told.
   */
  private async carryOut(action: RemoteActionCommand): Promise<RemoteActionOutcome> {
    switch (action.kind) {
      case 'release': {
        const bill = remoteReleaseBill(this.controller.state, { by: action.by, reason: action.reason, amountFen: action.amountFen ?? 0, seen: action.seen }, Date.now());
        if (!bill) return 'no-car';
        return (await this.release(bill, { attendantId: action.by, actionId: action.actionId })) ? 'done' : 'failed';
      }
      case 'correct-plate':
        if (!action.plate) return 'not-supported';
        this.reset();
        this.controller.submitPlate(action.plate);
        return 'done';
      case 'reprint':
        if (!this.printer) return 'no-device';
        return (await this.hardware.reprintLast()) ? 'done' : 'failed';
      case 'reset':
        this.reset();
        return 'done';
      case 'open-gate': {
        if (!this.gate) return 'no-device';
        const record = await this.hardware.openGate(remoteGateOpening(action.by, action.actionId, staffReleaseCar(this.controller.state)?.plate ?? null));
        return record?.result === 'failed' ? 'failed' : 'done';
      }
    }
  }

  /** This lane as the attendants' board shows it. */
  private boardFacts(): LaneFacts {
    const state = this.controller.state;
    const quote = 'quote' in state ? state.quote : null;
    return {
      screen: boardScreenOf(state.name),
      plate: quote?.plate ?? ('plate' in state ? (state.plate ?? null) : null),
      dueFen: quote?.dueFen ?? null,
      printer: this.printer ? printerHealthOf(this.hardware.printerStatus) : 'offline',
      scanner: this.scanner ? (this.hardware.scannerConnected ? 'ok' : 'offline') : 'none',
      gate: gateHealthOf(this.hardware.gateStatus?.health ?? null),
      clockSkewMs: this.controller.connection.skewMs,
      outbox: boardOutbox(this.outboxState.state),
    };
  }

  private toggleVoice = (): void => switchVoice(this, this.voice);

  /**
   * The driver's 返回 is not the end of their visit: they go back to correct the plate, so the
   * keyboard shows it again and the language they chose stays.
   */
  private back = (): void => {
    const state = this.controller.state;
    this.retypePlate = 'quote' in state ? state.quote.plate : 'plate' in state ? state.plate : null;
    this.goingBack = true;
    this.controller.send({ type: 'reset' });
  };
  private toggleLocale = (): void => this.driverLocale.toggle();

  /**
   * The next driver finds the lane as set up: no half-typed plate, the lane's own language (the one
   * before a driver switched it). Runs when the lane returns to idle and when an idle screen a driver
   * touched is left for the inactivity timeout.
   */
  private endSession(): void {
    this.retypePlate = null;
    this.renderRoot.querySelector('lane-plate-input')?.clear();
    this.driverLocale.restore();
  }

  protected override render() {
    const t = messages(this.locale);
    const config = this.controller.config;
    const outbox = this.outboxState.state;
    return html`
      ${kioskHeader({
        title: `${config?.lot.name ?? ''} ${config?.laneName ?? ''}`,
        locale: this.locale,
        muted: this.muted,
        now: this.now,
        toggleLocale: this.toggleLocale,
        toggleVoice: this.toggleVoice,
      })}
      ${this.controller.connection.offline ? html`<div part="offline-banner" role="status">${t.offlineMode}</div>` : nothing}
      <main part="screen" aria-live="polite">
        ${renderExitScreen(this.controller.state, {
          locale: this.locale,
          now: this.now,
          freeSpaces: this.controller.connection.freeSpaces,
          plateSuggestion: this.controller.plateSuggestion,
          retypePlate: this.retypePlate,
          back: this.back,
          laneQr: this.laneQr || config?.laneQrUrl || '',
          staffRelease: Boolean(config?.staffPin),
          staffFirst: this.controller.connection.offline && this.attendant.phone !== null,
          staffNote: this.staffNote && this.attendant.staffNoteText(this.locale, this.staffNote),
          parts: this.parts,
          send: (action) => this.controller.send(action),
          submitPlate: (plate) => this.controller.submitPlate(plate),
          callStaff: this.callStaff,
          openStaffRelease: () => (this.staffExitOpen = true),
        })}
        ${this.hardware.scanNote ? html`<p class="big over-screen" role="status" part="scan-note">${t.scanNote[this.hardware.scanNote]}</p>` : nothing}
      </main>
      ${this.attendant.renderCall(this.locale)}
      ${this.renderStaffRelease()}
      ${this.deadLettersOpen ? this.renderDeadLetters() : nothing}
      <footer part="footer">
        <div class="notes">
          ${this.renderOutboxAlerts()}
          ${this.gateFailed
            ? html`<span role="alert" part="gate-alert">${t.gateFailed} <button class="link" @click=${this.callStaff}>${t.callStaff}</button></span>`
            : nothing}
          ${this.controller.connection.streamStatus === 'reconnecting' ? html`<span>${t.streamOffline}</span>` : nothing}
        </div>
        <lane-status-bar
          part="status-bar"
          exportparts="chip, detail"
          .locale=${this.locale}
          .online=${!this.controller.connection.offline}
          .outboxDepth=${outbox?.depth ?? 0}
          .oldestCreatedAt=${outbox?.oldestCreatedAt ?? null}
          .printer=${this.hardware.printerStatus}
          .scannerConnected=${this.hardware.scannerConnected}
          .gate=${this.hardware.gateStatus}
          .skewMs=${this.controller.connection.skewMs}
        ></lane-status-bar>
      </footer>
    `;
  }

  private renderDeadLetters() {
    const close = () => (this.deadLettersOpen = false);
    return html`<div class="overlay">
      ${this.parts.render(
        'deadLetters',
        this.locale,
        () => html`<lane-dead-letters
          .outbox=${this.outbox}
          .staffPin=${this.controller.config?.staffPin ?? null}
          .locale=${this.locale}
          @lane-dead-letters-close=${close}
        ></lane-dead-letters>`,
        close,
      )}
    </div>`;
  }

  /** What staff must act on: refused records, the 01:00 deadline, a failing disk. The depth is on the status bar. */
  private renderOutboxAlerts() {
    const t = messages(this.locale);
    const state = this.outboxState.state;
    if (!state) return nothing;
    const deadline = deadlineStatus(state.oldestCreatedAt, this.now);
    return html`
      ${state.deadLetters
        ? html`<button part="outbox-alert" class="link" @click=${() => (this.deadLettersOpen = true)}>${t.deadLetters(state.deadLetters)}</button>`
        : nothing}
      ${deadline !== 'ok' ? html`<span part="outbox-alert" role="alert">${t.deadline[deadline]}</span>` : nothing}
      ${state.storageError ? html`<span part="outbox-alert" role="alert">${t.storageError}</span>` : nothing}
    `;
  }

}

if (!customElements.get('lane-exit-kiosk')) customElements.define('lane-exit-kiosk', LaneExitKiosk);

declare global {
  interface HTMLElementTagNameMap {
    'lane-exit-kiosk': LaneExitKiosk;
  }
  interface HTMLElementEventMap {
    'lane-state': LaneStateEvent;
    'lane-quote': LaneQuoteEvent;
    'lane-paid': LanePaidEvent;
    'lane-scan': LaneScanEvent;
    'lane-staff-release': LaneStaffReleaseEvent;
    'lane-announce': LaneAnnounceEvent;
  }
}

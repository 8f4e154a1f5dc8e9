import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { LaneClient } from '../client/lane-client.js';
import type { StreamStatus } from '../client/sse.js';
import type { LaneState } from '../core/lane-machine.js';
import { checkPlate } from '../core/plate.js';
import type { Quote } from '../core/quote.js';
import type { ScanMeaning } from '../core/scan-router.js';
import { gateOpenKey, type LaneGate } from '../hardware/gate.js';
import type { PrinterDriver } from '../hardware/printer-driver.js';
import type { ScannerDriver } from '../hardware/scanner-driver.js';
import type { GateOpenPayload, OfflineBillPayload, PassagePayload } from '../core/lane-events.js';
import { deadlineStatus } from '../core/report-deadline.js';
import type { Outbox } from '../offline/outbox.js';
import { OutboxController } from '../offline/outbox-controller.js';
import { ExitLaneController } from './exit-lane-controller.js';
import { emit } from './events.js';
import './lane-dead-letters.js';
import './lane-staff-exit.js';
import type { LaneStaffExitEvent } from './lane-staff-exit.js';
import { LaneHardwareController } from './lane-hardware-controller.js';
import { kioskHeader, switchLocale, switchVoice } from './kiosk-chrome.js';
import { kioskStyles } from './kiosk.styles.js';
import { messages, type Locale } from './messages.js';
import { renderExitScreen } from './lane-exit-kiosk.screens.js';
import './lane-status-bar.js';
import { announcementFor, LaneVoice } from './voice.js';

export type LaneStateEvent = CustomEvent<{ state: LaneState; previous: LaneState }>;
export type LaneQuoteEvent = CustomEvent<{ quote: Quote }>;
export type LanePaidEvent = CustomEvent<{ quote: Quote; paidFen: number }>;
export type LaneCallStaffEvent = CustomEvent<{ state: LaneState }>;
export type LaneScanEvent = CustomEvent<{ meaning: ScanMeaning }>;
export type LaneStaffReleaseEvent = CustomEvent<{ bill: OfflineBillPayload }>;
export type LaneLocaleEvent = CustomEvent<{ locale: Locale }>;
export type LaneAnnounceEvent = CustomEvent<{ text: string; spoken: boolean }>;
export type LaneStreamEvent = CustomEvent<{ status: StreamStatus }>;
export type LaneGateOpenEvent = CustomEvent<{ record: GateOpenPayload }>;

/**
 * @tag lane-exit-kiosk
 * @summary The exit lane screen: plate in, fee and pay QR out, paid, farewell, back to idle.
 *
 * @attr proxy-url - Base URL of the lane-kiosk proxy.
 * @attr lane - The lane id (e.g. `exit-1`).
 * @attr lane-key - The lane's API key.
 * @attr locale - `zh-CN` (default) or `en`; the header's language button switches it at runtime.
 * @attr lane-qr - URL of the lane's QR for unlicensed cars, shown on the idle screen. Optional: by default the
 *   lane config's `laneQrUrl` (configured for the lane or registered with the platform through the proxy).
 * @attr muted - Turns spoken announcements off (the header's voice button toggles it).
 * @prop printer - A PrinterDriver for exit receipts (optional).
 * @prop scanner - A ScannerDriver; scanned plates start a quote, tickets are checked with the proxy (optional).
 * @prop gate - The lane's barrier (`LaneGate`: a RelayGate the kiosk pulses, or a PlatformGate); null for none. It
 *   opens only when the car has paid, owes nothing, is released by the platform or by staff (optional).
 * @prop outbox - The lane's Outbox; staff releases and gate openings are queued there (optional).
 *
 * @event lane-state - Every state change. Bubbles, composed. `detail: { state: LaneState; previous: LaneState }`.
 * @event lane-quote - A quote arrived. Bubbles, composed. `detail: { quote: Quote }`.
 * @event lane-paid - The proxy confirmed payment. Bubbles, composed. `detail: { quote: Quote; paidFen: number }`.
 * @event lane-call-staff - The driver asked for help. Bubbles, composed. `detail: { state: LaneState }`.
 * @event lane-scan - The scanner read something. Bubbles, composed. `detail: { meaning: ScanMeaning }`.
 * @event lane-staff-release - Staff released a car by hand; the bill is queued. Bubbles, composed. `detail: { bill: OfflineBillPayload }`.
 * @event lane-gate-open - The barrier was opened for a car, or the attempt failed; the record is queued as a
 *   `gate-open` lane event. Bubbles, composed. `detail: { record: GateOpenPayload }`.
 * @event lane-locale - The driver switched the language. Bubbles, composed. `detail: { locale: Locale }`.
 * @event lane-announce - An announcement was made (spoken unless muted). Bubbles, composed. `detail: { text: string; spoken: boolean }`.
 * @event lane-stream - The proxy's event stream (payments, cars at the exit) changed: `connecting`, `open`,
 *   `reconnecting` (the lane still quotes, but hears of payments only once it is back) or `closed`. Bubbles,
 *   composed. `detail: { status: StreamStatus }`.
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
 * @csspart staff-called - The confirmation that staff were called, on the screen where the driver asked.
 * @csspart offline-banner - The proxy or the platform cannot be reached; staff can release cars.
 * @csspart status-bar - The lane status bar (its `chip` and `detail` parts are exported).
 * @csspart locale-switch - The language button.
 * @csspart voice-switch - The voice on/off button.
 *
 * @cssprop --lane-primary - Button colour.
 * @cssprop --lane-accent - Colour of amounts due.
 * @cssprop --lane-bg - Page background.
 * @cssprop --lane-font - Font stack.
 */
export class LaneExitKiosk extends LitElement {
  static override styles = kioskStyles;
  static override properties = {
    proxyUrl: { type: String, attribute: 'proxy-url' },
    lane: { type: String },
    laneKey: { type: String, attribute: 'lane-key' },
    locale: { type: String, reflect: true },
    laneQr: { type: String, attribute: 'lane-qr' },
    muted: { type: Boolean, reflect: true },
    printer: { attribute: false },
    scanner: { attribute: false },
    gate: { attribute: false },
    outbox: { attribute: false },
    now: { state: true },
    staffExitOpen: { state: true },
    deadLettersOpen: { state: true },
    staffProblem: { state: true },
    staffCalled: { state: true },
    gateFailed: { state: true },
  };

  declare proxyUrl: string;
  declare lane: string;
  declare laneKey: string;
  declare locale: Locale;
  declare laneQr: string;
  declare muted: boolean;
  declare printer: PrinterDriver | null;
  declare scanner: ScannerDriver | null;
  declare gate: LaneGate | null;
  declare outbox: Outbox | null;
  declare now: number;
  declare staffExitOpen: boolean;
  declare deadLettersOpen: boolean;
  declare staffProblem: boolean;
  declare staffCalled: boolean;
  /** The last opening failed: the car in front is still at a closed barrier until staff come. */
  declare gateFailed: boolean;

  /** Exposed for tests and embedding apps that want to drive or observe the lane directly. */
  readonly controller: ExitLaneController = new ExitLaneController(
    this,
    { paidDisplayMs: 2500, farewellMs: 6000, idleTimeoutMs: 90_000, authRetryMs: 2000 },
    {
      onState: (state, previous) => {
        this.staffCalled = false;
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
        if (state.name === 'idle') this.endSession();
      },
      onIdleAbandoned: () => this.endSession(),
      onStreamStatus: (status) => emit(this, 'lane-stream', { status }),
      printReceipt: (quote, paidFen, channel): Promise<void> => this.hardware.printReceipt(quote, paidFen, channel),
      openGate: (opening) => void this.hardware.openGate(opening),
    },
  );
  private readonly hardware: LaneHardwareController = new LaneHardwareController(this, {
    config: () => this.controller.config,
    plateScanned: (plate) => this.controller.submitPlate(plate),
    ticketScanned: (ticket) => this.controller.submitTicket(ticket),
    couponScanned: (coupon) => this.controller.submitCoupon(coupon),
    scanned: (meaning) => emit(this, 'lane-scan', { meaning }),
    printFailed: (failure) => void this.outbox?.enqueue('printer-failure', `${this.lane}/device`, failure).catch(() => {}),
    gateOpened: (record) => {
      this.gateFailed = record.result === 'failed';
      if (this.gateFailed) this.announce(messages(this.locale).gateFailed);
      emit(this, 'lane-gate-open', { record });
      void this.outbox?.enqueue('gate-open', `${this.lane}/gate`, record, gateOpenKey(record)).catch(() => {});
    },
  });
  private readonly outboxState = new OutboxController(this);
  /** Speaks through speechSynthesis; replaceable (before connecting) by apps with their own audio. */
  voice: LaneVoice = new LaneVoice();
  /** The language before a driver switched it; null while nobody has. */
  private homeLocale: Locale | null = null;
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  /** The screen has had its first frame: from then on the keyboard may take the focus. */
  private framed = false;

  constructor() {
    super();
    this.proxyUrl = '';
    this.lane = '';
    this.laneKey = '';
    this.locale = 'zh-CN';
    this.laneQr = '';
    this.muted = false;
    this.printer = null;
    this.scanner = null;
    this.gate = null;
    this.outbox = null;
    this.now = Date.now();
    this.staffExitOpen = false;
    this.deadLettersOpen = false;
    this.staffProblem = false;
    this.staffCalled = false;
    this.gateFailed = false;
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
    // The element's text is in its locale whatever the page's language: say so for screen readers.
    if (changed.has('locale')) this.lang = this.locale;
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
    // A car known only by its entry ticket has no plate to report; its lot counts it out on payment.
    if (!checkPlate(quote.plate).ok) return;
    const passage: PassagePayload = {
      plate: quote.plate,
      atMs: Date.now(),
      enteredAtMs: quote.enteredAt ? Date.parse(quote.enteredAt) : Date.now(),
      payFen,
      payType: channel === 'wechat' || channel === 'alipay' || channel === 'cash' ? channel : channel === 'unionpay' ? 'uppay' : 'unknown',
    };
    void this.outbox?.enqueue('leave', `${this.lane}/passage`, passage, `leave-${quote.quoteId}`).catch(() => {});
  }

  /**
   * Queues the hand-released bill (and the car's leaving) before the gate opens; nothing is lost.
   * A car that came with an entry ticket takes it along in the bill: it names the entry lane.
   */
  private async onStaffRelease(event: LaneStaffExitEvent): Promise<void> {
    event.stopPropagation();
    const ticket = this.staffTicket();
    const bill = ticket ? { ...event.detail.bill, entryTicket: ticket } : event.detail.bill;
    const lane = this.lane;
    try {
      if (!this.outbox) throw new Error('no outbox on this lane');
      await this.outbox.enqueue('offline-bill', `${lane}/fee`, bill);
      const passage: PassagePayload = {
        plate: bill.plate,
        atMs: bill.exitAtMs,
        enteredAtMs: bill.enteredAtMs,
        payFen: bill.amountFen,
        payType: bill.settlement === 'cash' ? 'cash' : 'unknown',
      };
      await this.outbox.enqueue('leave', `${lane}/passage`, passage);
    } catch {
      this.staffProblem = true;
      return;
    }
    this.staffProblem = false;
    emit(this, 'lane-staff-release', { bill });
    this.controller.send({ type: 'staff-released', plate: bill.plate });
    // The driver who paid staff gets a receipt; the barrier does not wait for it.
    void this.hardware.printStaffRelease(bill);
  }

  private renderStaffRelease(plate: string) {
    const config = this.controller.config;
    return html`<div class="overlay">
      <lane-staff-exit
        .plate=${plate}
        .tariff=${config?.tariff ?? null}
        .staffPin=${config?.staffPin ?? null}
        .locale=${this.locale}
        @lane-staff-exit=${this.onStaffRelease}
        @lane-staff-cancel=${() => (this.staffExitOpen = false)}
      ></lane-staff-exit>
      ${this.staffProblem ? html`<p class="alert" role="alert">${messages(this.locale).staff.notStored}</p>` : nothing}
    </div>`;
  }

  private callStaff = (): void => {
    this.staffCalled = true;
    emit(this, 'lane-call-staff', { state: this.controller.state });
  };

  private toggleVoice = (): void => switchVoice(this, this.voice);
  private toggleLocale = (): void => {
    this.homeLocale ??= this.locale;
    switchLocale(this);
  };

  /**
   * The next driver finds the lane as set up: no half-typed plate, the lane's own language (the one
   * before a driver switched it). Runs when the lane returns to idle and when an idle screen a driver
   * touched is left for the inactivity timeout.
   */
  private endSession(): void {
    this.renderRoot.querySelector('lane-plate-input')?.clear();
    if (this.homeLocale !== null && this.homeLocale !== this.locale) switchLocale(this);
    this.homeLocale = null;
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
      ${this.controller.offline ? html`<div part="offline-banner" role="status">${t.offlineMode}</div>` : nothing}
      <main part="screen" aria-live="polite">
        ${renderExitScreen(this.controller.state, {
          locale: this.locale,
          now: this.now,
          freeSpaces: this.controller.freeSpaces,
          plateSuggestion: this.controller.plateSuggestion,
          laneQr: this.laneQr || config?.laneQrUrl || '',
          staffRelease: Boolean(config?.staffPin),
          staffCalled: this.staffCalled,
          send: (action) => this.controller.send(action),
          submitPlate: (plate) => this.controller.submitPlate(plate),
          callStaff: this.callStaff,
          openStaffRelease: () => (this.staffExitOpen = true),
        })}
      </main>
      ${this.staffExitOpen && this.staffPlate() ? this.renderStaffRelease(this.staffPlate()!) : nothing}
      ${this.deadLettersOpen
        ? html`<div class="overlay">
            <lane-dead-letters
              .outbox=${this.outbox}
              .staffPin=${this.controller.config?.staffPin ?? null}
              .locale=${this.locale}
              @lane-dead-letters-close=${() => (this.deadLettersOpen = false)}
            ></lane-dead-letters>
          </div>`
        : nothing}
      <footer part="footer">
        <div class="notes">
          ${this.renderOutboxAlerts()}
          ${this.gateFailed
            ? html`<span role="alert" part="gate-alert">${t.gateFailed} <button class="link" @click=${this.callStaff}>${t.callStaff}</button></span>`
            : nothing}
          ${this.controller.streamStatus === 'reconnecting' ? html`<span>${t.streamOffline}</span>` : nothing}
          ${this.hardware.scanNote ? html`<span role="status" part="scan-note">${t.scanNote[this.hardware.scanNote]}</span>` : nothing}
        </div>
        <lane-status-bar
          part="status-bar"
          exportparts="chip, detail"
          .locale=${this.locale}
          .online=${!this.controller.offline}
          .outboxDepth=${outbox?.depth ?? 0}
          .oldestCreatedAt=${outbox?.oldestCreatedAt ?? null}
          .printer=${this.hardware.printerStatus}
          .scannerConnected=${this.hardware.scannerConnected}
          .gate=${this.hardware.gateStatus}
          .skewMs=${this.controller.skewMs}
        ></lane-status-bar>
      </footer>
    `;
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

  /** The entry ticket the car was identified by, in the states that offer a staff release. */
  private staffTicket(): string | null {
    const state = this.controller.state;
    return (state.name === 'error' || state.name === 'quoted' || state.name === 'paying') && state.ticket ? state.ticket : null;
  }

  /** The plate a staff release would be for, in the states that offer one. */
  private staffPlate(): string | null {
    const state = this.controller.state;
    if (state.name === 'error') return state.plate;
    if (state.name === 'quoted' || state.name === 'paying') return state.quote.plate;
    return null;
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
    'lane-call-staff': LaneCallStaffEvent;
    'lane-scan': LaneScanEvent;
    'lane-staff-release': LaneStaffReleaseEvent;
    'lane-locale': LaneLocaleEvent;
    'lane-announce': LaneAnnounceEvent;
    'lane-gate-open': LaneGateOpenEvent;
  }
}

/**
 * @tag lane-exit-kiosk
 * @summary The exit lane screen: plate in, fee and pay QR out, paid, farewell, back to idle.
 *
 * @attr proxy-url - Base URL of the lane-kiosk proxy.
 * @attr lane - The lane id (e.g. `exit-1`).
 * @attr lane-key - The lane's API key.
 * @attr locale - `zh-CN` (default) or `en`.
 * @prop printer - A PrinterDriver for exit receipts (optional).
 * @prop scanner - A ScannerDriver; scanned plates start a quote, tickets are checked with the proxy (optional).
 * @prop outbox - The lane's Outbox; staff releases are queued there for the platforms (optional).
 *
 * @event lane-state - Every state change. Bubbles, composed. `detail: { state: LaneState; previous: LaneState }`.
 * @event lane-quote - A quote arrived. Bubbles, composed. `detail: { quote: Quote }`.
 * @event lane-paid - The proxy confirmed payment. Bubbles, composed. `detail: { quote: Quote; paidFen: number }`.
 * @event lane-call-staff - The driver asked for help. Bubbles, composed. `detail: { state: LaneState }`.
 * @event lane-scan - The scanner read something. Bubbles, composed. `detail: { meaning: ScanMeaning }`.
 * @event lane-staff-release - Staff released a car by hand; the bill is queued. Bubbles, composed. `detail: { bill: OfflineBillPayload }`.
 *
 * @csspart header - Lot name, lane and clock.
 * @csspart screen - The area that changes with the lane's state.
 * @csspart fee - The fee breakdown.
 * @csspart footer - Connection notes.
 *
 * @cssprop --lane-primary - Button colour.
 * @cssprop --lane-accent - Colour of amounts due.
 * @cssprop --lane-bg - Page background.
 * @cssprop --lane-font - Font stack.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { LaneClient } from '../client/lane-client.js';
import type { LaneState } from '../core/lane-machine.js';
import type { Quote } from '../core/quote.js';
import { formatBeijing, formatBeijingClock } from '../core/time.js';
import type { ScanMeaning } from '../core/scan-router.js';
import type { PrinterDriver } from '../hardware/printer-driver.js';
import type { ScannerDriver } from '../hardware/scanner-driver.js';
import type { OfflineBillPayload, PassagePayload } from '../core/lane-events.js';
import { deadlineStatus } from '../core/report-deadline.js';
import type { Outbox } from '../offline/outbox.js';
import { OutboxController } from '../offline/outbox-controller.js';
import { ExitLaneController } from './exit-lane-controller.js';
import { emit } from './events.js';
import './lane-dead-letters.js';
import './lane-staff-exit.js';
import type { LaneStaffExitEvent } from './lane-staff-exit.js';
import { LaneHardwareController } from './lane-hardware-controller.js';
import { exitKioskStyles } from './lane-exit-kiosk.styles.js';
import './lane-pay-qr.js';
import { messages, money, type Locale } from './messages.js';

export type LaneStateEvent = CustomEvent<{ state: LaneState; previous: LaneState }>;
export type LaneQuoteEvent = CustomEvent<{ quote: Quote }>;
export type LanePaidEvent = CustomEvent<{ quote: Quote; paidFen: number }>;
export type LaneCallStaffEvent = CustomEvent<{ state: LaneState }>;
export type LaneScanEvent = CustomEvent<{ meaning: ScanMeaning }>;
export type LaneStaffReleaseEvent = CustomEvent<{ bill: OfflineBillPayload }>;

export class LaneExitKiosk extends LitElement {
  static override styles = exitKioskStyles;
  static override properties = {
    proxyUrl: { type: String, attribute: 'proxy-url' },
    lane: { type: String },
    laneKey: { type: String, attribute: 'lane-key' },
    locale: { type: String, reflect: true },
    printer: { attribute: false },
    scanner: { attribute: false },
    outbox: { attribute: false },
    now: { state: true },
    staffExitOpen: { state: true },
    deadLettersOpen: { state: true },
    staffProblem: { state: true },
    staffCalled: { state: true },
  };

  declare proxyUrl: string;
  declare lane: string;
  declare laneKey: string;
  declare locale: Locale;
  declare printer: PrinterDriver | null;
  declare scanner: ScannerDriver | null;
  declare outbox: Outbox | null;
  declare now: number;
  declare staffExitOpen: boolean;
  declare deadLettersOpen: boolean;
  declare staffProblem: boolean;
  declare staffCalled: boolean;

  /** Exposed for tests and embedding apps that want to drive or observe the lane directly. */
  readonly controller: ExitLaneController = new ExitLaneController(
    this,
    { paidDisplayMs: 2500, farewellMs: 6000, idleTimeoutMs: 90_000 },
    {
      onState: (state, previous) => {
        this.staffCalled = false;
        this.staffExitOpen = false;
        if (state.name !== 'identifying') this.hardware.clearScanNote();
        emit(this, 'lane-state', { state, previous });
        if (state.name === 'quoted' && previous.name === 'identifying') emit(this, 'lane-quote', { quote: state.quote });
        if (state.name === 'paid') {
          emit(this, 'lane-paid', { quote: state.quote, paidFen: state.paidFen });
          this.queueLeave(state.quote, state.quote.paidFen + state.paidFen, state.channel);
        }
        if (state.name === 'farewell' && previous.name === 'quoted') this.queueLeave(previous.quote, previous.quote.paidFen, 'unknown');
      },
      printReceipt: (quote, paidFen, channel): Promise<void> => this.hardware.printReceipt(quote, paidFen, channel),
    },
  );
  private readonly hardware: LaneHardwareController = new LaneHardwareController(this, {
    client: () => this.controller.client,
    config: () => this.controller.config,
    plateScanned: (plate) => this.controller.submitPlate(plate),
    scanned: (meaning) => emit(this, 'lane-scan', { meaning }),
    printFailed: (failure) => void this.outbox?.enqueue('printer-failure', `${this.lane}/device`, failure).catch(() => {}),
  });
  private readonly outboxState = new OutboxController(this);
  private clockTimer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.proxyUrl = '';
    this.lane = '';
    this.laneKey = '';
    this.locale = 'zh-CN';
    this.printer = null;
    this.scanner = null;
    this.outbox = null;
    this.now = Date.now();
    this.staffExitOpen = false;
    this.deadLettersOpen = false;
    this.staffProblem = false;
    this.staffCalled = false;
    this.addEventListener('pointerdown', () => this.controller.noteActivity());
    this.addEventListener('keydown', () => this.controller.noteActivity());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.clockTimer = setInterval(() => (this.now = Date.now()), 10_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clockTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('printer')) this.hardware.setPrinter(this.printer);
    if (changed.has('scanner')) this.hardware.setScanner(this.scanner);
    if (changed.has('outbox')) this.outboxState.setOutbox(this.outbox);
    if (changed.has('proxyUrl') || changed.has('lane') || changed.has('laneKey')) {
      this.controller.setClient(
        this.proxyUrl && this.lane && this.laneKey ? new LaneClient({ proxyUrl: this.proxyUrl, laneId: this.lane, laneKey: this.laneKey }) : null,
      );
    }
  }

  protected override updated(): void {
    // Keep the plate field ready on the idle screen, so a hardware keyboard works without a tap,
    // but never take the focus from anything else on the page (staff tools, a settings form).
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[name="plate"]');
    const focused = document.activeElement;
    if (input && (focused === null || focused === document.body || (focused === this && this.shadowRoot?.activeElement === null))) input.focus();
  }


  private onPlateSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.controller.submitPlate(new FormData(form).get('plate')?.toString() ?? '');
  }

  /**
   * Every exit is a lane event for the platforms (the city platform's leave report): queued, so an
   * outage delays it but never loses it. A failed write shows as a storage error in the footer.
   */
  private queueLeave(quote: Quote, payFen: number, channel: string): void {
    const passage: PassagePayload = {
      plate: quote.plate,
      atMs: Date.now(),
      enteredAtMs: quote.enteredAt ? Date.parse(quote.enteredAt) : Date.now(),
      payFen,
      payType: channel === 'wechat' || channel === 'alipay' || channel === 'cash' ? channel : channel === 'unionpay' ? 'uppay' : 'unknown',
    };
    void this.outbox?.enqueue('leave', `${this.lane}/passage`, passage, `leave-${quote.quoteId}`).catch(() => {});
  }

  /** Queues the hand-released bill (and the car's leaving) before the gate opens; nothing is lost. */
  private async onStaffRelease(event: LaneStaffExitEvent): Promise<void> {
    event.stopPropagation();
    const { bill } = event.detail;
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

  private staffButton() {
    if (!this.controller.config?.staffPin) return nothing;
    return html`<button class="secondary" @click=${() => (this.staffExitOpen = true)}>${messages(this.locale).staffExit}</button>`;
  }

  private callStaff(): void {
    this.staffCalled = true;
    emit(this, 'lane-call-staff', { state: this.controller.state });
  }

  protected override render() {
    const t = messages(this.locale);
    const config = this.controller.config;
    return html`
      <header part="header">
        <span class="lot">${config?.lot.name ?? ''} ${config?.laneName ?? ''}</span>
        <time class="clock">${formatBeijingClock(this.now)}</time>
      </header>
      ${this.controller.offline ? html`<div part="offline-banner" role="status">${t.offlineMode}</div>` : nothing}
      <main part="screen" aria-live="polite">${this.renderState(this.controller.state)}</main>
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
        ${this.renderOutboxStatus()}
        ${this.staffCalled ? html`<span role="status">${t.staffCalled}</span>` : nothing}
        ${this.controller.streamStatus === 'reconnecting' ? html`<span>${t.streamOffline}</span>` : nothing}
        ${this.hardware.printerProblem ? html`<span role="status" part="printer-status">${t.printer[this.hardware.printerProblem]}</span>` : nothing}
        ${this.renderScanNote()}
      </footer>
    `;
  }

  private renderOutboxStatus() {
    const t = messages(this.locale);
    const state = this.outboxState.state;
    if (!state) return nothing;
    const deadline = deadlineStatus(state.oldestCreatedAt, this.now);
    return html`
      ${state.depth ? html`<span part="outbox-status">${t.pendingUploads(state.depth)}</span>` : nothing}
      ${state.deadLetters
        ? html`<button part="outbox-alert" class="link" @click=${() => (this.deadLettersOpen = true)}>${t.deadLetters(state.deadLetters)}</button>`
        : nothing}
      ${deadline !== 'ok' ? html`<span part="outbox-alert" role="alert">${t.deadline[deadline]}</span>` : nothing}
      ${state.storageError ? html`<span part="outbox-alert" role="alert">${t.storageError}</span>` : nothing}
    `;
  }

  /** The plate a staff release would be for, in the states that offer one. */
  private staffPlate(): string | null {
    const state = this.controller.state;
    if (state.name === 'error') return state.plate;
    if (state.name === 'quoted' || state.name === 'paying') return state.quote.plate;
    return null;
  }

  private renderScanNote() {
    const t = messages(this.locale);
    const note = this.hardware.scanNote;
    if (!note) return nothing;
    const text =
      note.kind === 'ticket' ? t.scanTicket(note.ticketNo) : note.kind === 'forged-ticket' ? t.scanForgedTicket : note.kind === 'coupon' ? t.scanCoupon : t.scanUnknown;
    return html`<span role="status" part="scan-note">${text}</span>`;
  }

  private renderState(state: LaneState) {
    const t = messages(this.locale);
    const back = html`<button class="secondary" @click=${() => this.controller.send({ type: 'reset' })}>${t.back}</button>`;
    const staff = html`<button class="secondary" @click=${this.callStaff}>${t.callStaff}</button>`;
    switch (state.name) {
      case 'idle':
        return html`
          <h1>${t.welcome}</h1>
          <form @submit=${this.onPlateSubmit}>
            <label class="sr-only" for="plate">${t.plateLabel}</label>
            <input id="plate" name="plate" autocomplete="off" placeholder=${t.platePlaceholder} maxlength="12" required />
            <button type="submit">${t.query}</button>
          </form>
          <p class="hint">${t.enterPlate}</p>
        `;
      case 'identifying':
        return html`<div class="spinner" role="progressbar" aria-label=${t.querying(state.plate)}></div>
          <p>${t.querying(state.plate)}</p>`;
      case 'quoted':
        return this.renderQuote(state.quote);
      case 'paying':
        return html`
          <div class="plate">${state.quote.plate}</div>
          <p>${t.scanToPay}</p>
          <lane-pay-qr .value=${state.quote.payUrl ?? ''} .amountFen=${state.quote.dueFen} .expiresAt=${state.quote.expiresAt} .locale=${this.locale}></lane-pay-qr>
          <div class="actions">${back}${staff}</div>
        `;
      case 'paid':
        return html`<div class="plate">${state.quote.plate}</div>
          <p class="big success">${t.paySuccess}</p>
          <p class="big">${money(state.paidFen)}</p>`;
      case 'farewell':
        return html`<div class="plate">${state.plate}</div>
          <p class="big success">${t.farewell}</p>`;
      case 'error':
        return html`
          <h1>${state.error.kind === 'invalid-plate' ? t.plateLabel : t.errorTitle}</h1>
          ${state.plate ? html`<div class="plate">${state.plate}</div>` : nothing}
          <p>${t.errors[state.error.kind]}</p>
          <p class="hint">${state.error.code}</p>
          <div class="actions">
            ${state.error.kind === 'invalid-plate' || state.plate === null
              ? nothing
              : html`<button @click=${() => this.controller.send({ type: 'retry' })}>${t.retry}</button>`}
            ${back}${staff}${state.plate && state.error.kind !== 'invalid-plate' ? this.staffButton() : nothing}
          </div>
        `;
    }
  }

  private renderQuote(quote: Quote) {
    const t = messages(this.locale);
    const back = html`<button class="secondary" @click=${() => this.controller.send({ type: 'reset' })}>${t.back}</button>`;
    if (quote.status === 'no-entry-record') {
      return html`<div class="plate">${quote.plate}</div>
        <h1>${t.noEntryRecord}</h1>
        <p class="hint">${t.noEntryHint}</p>
        <div class="actions">${back}<button class="secondary" @click=${this.callStaff}>${t.callStaff}</button>${this.staffButton()}</div>`;
    }
    return html`
      <div class="plate">${quote.plate}</div>
      <dl part="fee">
        ${quote.enteredAt ? html`<dt>${t.entryTime}</dt><dd>${formatBeijing(Date.parse(quote.enteredAt))}</dd>` : nothing}
        <dt>${t.duration}</dt><dd>${t.minutes(quote.minutes)}</dd>
        <dt>${t.payable}</dt><dd>${money(quote.payableFen)}</dd>
        ${quote.discountFen ? html`<dt>${t.discount}</dt><dd>−${money(quote.discountFen)}</dd>` : nothing}
        ${quote.paidFen ? html`<dt>${t.paid}</dt><dd>−${money(quote.paidFen)}</dd>` : nothing}
        <dt>${t.due}</dt><dd class="due">${money(quote.dueFen)}</dd>
      </dl>
      <div class="actions">
        ${quote.status === 'due'
          ? html`<button @click=${() => this.controller.send({ type: 'pay-requested' })}>${t.payNow(money(quote.dueFen))}</button>`
          : html`<p class="big success">${t.nothingToPay}</p>
              <button @click=${() => this.controller.send({ type: 'leave' })}>${t.leave}</button>`}
        ${back}
      </div>
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
    'lane-call-staff': LaneCallStaffEvent;
    'lane-scan': LaneScanEvent;
    'lane-staff-release': LaneStaffReleaseEvent;
  }
}

import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { cacheLaneConfig, cachedLaneConfig } from '../../client/config-cache.js';
import { LaneClient } from '../../client/lane-client.js';
import { entryTransition, initialEntryState, type AdmissionReason, type EntryAction, type EntryState, type IssuedEntry } from '../../core/entry-machine.js';
import type { Subscription } from '../../client/sse.js';
import { checkPlate } from '../../core/plate.js';
import { isCurrentPlateRead } from '../../core/plate-read.js';
import type { LaneConfig, PlateReadEvent } from '../../core/quote.js';
import { clockSkewMs } from '../../core/time.js';
import { gateOpenKey, openGateFor, type LaneGate } from '../../hardware/gate.js';
import { PrintError, printIssue, type PrinterDriver } from '../../hardware/printer-driver.js';
import { entryTicket } from '../../hardware/receipts.js';
import type { Outbox } from '../../offline/outbox.js';
import { OutboxController } from '../../offline/outbox-controller.js';
import { laneErrorFrom } from '../lane-exit-kiosk/exit-lane-controller.js';
import { emit } from '../shared/events.js';
import { kioskHeader, switchLocale, switchVoice } from '../shared/kiosk-chrome.js';
import { kioskStyles } from '../shared/kiosk.styles.js';
import { entryKioskStyles } from './lane-entry-kiosk.styles.js';
import { errorWords, messages, type Locale } from '../shared/messages.js';
import '../lane-pay-qr/lane-pay-qr.js';
import '../lane-status-bar/lane-status-bar.js';
import { LaneVoice } from '../shared/voice.js';

export type LaneEntryStateEvent = CustomEvent<{ state: EntryState; previous: EntryState }>;
export type LaneTicketEvent = CustomEvent<{ entry: IssuedEntry; printed: boolean; reason: AdmissionReason }>;
export type LaneLotFullEvent = CustomEvent<{ plate: string | null }>;
export type LanePlateReadEvent = CustomEvent<{ read: PlateReadEvent }>;

/** How long each screen stays before the lane is ready for the next car. */
const RETURN_TO_IDLE_MS: Partial<Record<EntryState['name'], number>> = { printed: 8000, full: 15_000, error: 30_000 };

/**
 * @tag lane-entry-kiosk
 * @summary The entry lane's ticket machine: press for a ticket, it prints, the arrival is reported.
 *
 * A full lot turns the car away unless its plate has a reservation or a stagger (错峰) agreement
 * with the city platform. The lane camera's plate reads arrive over the lane's event stream: a
 * sure read is admitted with no press, an unsure one waits for the driver to confirm. A ticket
 * that did not print is shown as a QR on screen, so the driver can still leave later. The arrival
 * goes through the outbox, so an outage delays it but never loses it.
 *
 * @attr proxy-url - Base URL of the lane-kiosk proxy.
 * @attr lane - The entry lane id (e.g. `entry-1`).
 * @attr lane-key - The lane's API key.
 * @attr plate - The plate the lane camera read, if any; reservations and stagger agreements are looked up by it.
 * @attr locale - `zh-CN` (default) or `en`; the header's language button switches it at runtime.
 * @attr muted - Turns spoken announcements off.
 * @prop printer - A PrinterDriver for tickets (optional; without one the ticket shows as a QR).
 * @prop gate - The entry barrier (`LaneGate`), opened once the car has its ticket, on paper or on screen; null
 *   (the default) for a lane whose barrier the platform or a camera controls (optional).
 * @prop outbox - The lane's Outbox; arrivals are queued there for the platforms (optional).
 *
 * @event {LaneEntryStateEvent} lane-entry-state - Every state change. Bubbles, composed.
 * @event {LaneTicketEvent} lane-ticket - A ticket was issued. Bubbles, composed.
 * @event {LaneGateOpenEvent} lane-gate-open - The barrier was opened for a ticketed car, or the attempt failed; queued as a
 *   `gate-open` lane event. Bubbles, composed.
 * @event {LaneLotFullEvent} lane-lot-full - A car was turned away. Bubbles, composed.
 * @event {LaneLocaleEvent} lane-locale - The driver switched the language. Bubbles, composed.
 * @event {LanePlateReadEvent} lane-plate-read - The lane camera's read was taken for the car at the barrier (a sure one asks for its
 *   ticket at once). Bubbles, composed.
 * @event {LaneStreamEvent} lane-stream - The proxy's event stream (the lane camera's plate reads) changed: `connecting`, `open`,
 *   `reconnecting`, `closed`. Bubbles, composed.
 *
 * @csspart header - Lot name, lane, switches and clock.
 * @csspart screen - The area that changes with the lane's state.
 * @csspart press - The big ticket button.
 * @csspart spaces - The free-space count.
 * @csspart plate - The plate the lane camera read (or the `plate` attribute).
 * @csspart plate-suggestion - Asks the driver to confirm an unsure camera read with the press.
 * @csspart ticket-qr - The on-screen ticket when the paper did not come out.
 * @csspart footer - The status bar.
 * @csspart gate-alert - The barrier did not open: call staff.
 * @csspart locale-switch - The language button.
 * @csspart voice-switch - The voice on/off button.
 * @csspart offline-banner - The proxy cannot be reached: no ticket can be issued until it answers again (asked every 10 s).
 *
 * @cssprop --lane-primary - Button colour.
 * @cssprop --lane-bg - Page background.
 * @cssprop --lane-font - Font stack.
 * @cssprop --lane-accent - Accent colour: amounts due, the current selection (default #d4380d).
 * @cssprop --lane-panel - Background of cards and keys (default white).
 * @cssprop --lane-text - Text colour (default #0f172a).
 * @cssprop --lane-muted - Colour of hints and secondary text (default #475569).
 * @cssprop --lane-font-size - Base font size; everything scales with it (default grows with the screen, 1.25rem to 2.75rem).
 * @cssprop --lane-header-bg - Header background (default #0f172a).
 * @cssprop --lane-header-text - Header text colour (default #f8fafc).
 * @cssprop --lane-plate-bg - Background of the plate badge (default #0050b3, a blue plate).
 * @cssprop --lane-success - Colour of good news: free spaces, paid (default #237804).
 * @cssprop --lane-warning-bg - Offline banner background (default #fff1b8).
 * @cssprop --lane-warning-text - Offline banner text colour (default #613400).
 * @cssprop --lane-danger - Colour of alerts and refusals (default #a8071a).
 */
export class LaneEntryKiosk extends LitElement {
  static override styles = [kioskStyles, entryKioskStyles];

  @property({ type: String, attribute: 'proxy-url' }) proxyUrl = '';
  @property({ type: String }) lane = '';
  @property({ type: String, attribute: 'lane-key' }) laneKey = '';
  @property({ type: String }) plate: string | null = null;
  @property({ type: String, reflect: true }) locale: Locale = 'zh-CN';
  @property({ type: Boolean, reflect: true }) muted = false;
  @property({ attribute: false }) printer: PrinterDriver | null = null;
  @property({ attribute: false }) gate: LaneGate | null = null;
  @property({ attribute: false }) outbox: Outbox | null = null;
  @state() state: EntryState = initialEntryState;
  @state() private config: LaneConfig | null = null;
  /** This kiosk's clock minus the proxy's, measured with the config; null until then. */
  @state() private skewMs: number | null = null;
  @state() private freeSpaces: number | null = null;
  @state() private online = true;
  @state() private now: number = Date.now();
  /** The last opening failed: the car is still at a closed barrier until staff come. */
  @state() private gateFailed = false;
  /** The plate the lane camera read for the car at the barrier (POST …/plate-reads); null when none. */
  @state() private cameraPlate: string | null = null;
  /** Speaks through speechSynthesis; replaceable by apps with their own audio. */
  voice: LaneVoice = new LaneVoice();
  private client: LaneClient | null = null;
  private subscription: Subscription | null = null;
  private cameraPlateTimer: ReturnType<typeof setTimeout> | undefined;
  /** The config came from the proxy in this session, not only from the device's cache. */
  private configFetched = false;
  private readonly outboxState = new OutboxController(this);
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly onDeviceStatus = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    // The free-space count and the clock stay current on the idle screen.
    this.ticker = setInterval(() => {
      this.now = Date.now();
      if (this.state.name === 'idle') void this.refresh();
    }, 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.printer?.removeEventListener('status', this.onDeviceStatus);
    this.gate?.removeEventListener('status', this.onDeviceStatus);
    clearInterval(this.ticker);
    clearTimeout(this.idleTimer);
    clearTimeout(this.cameraPlateTimer);
    this.subscription?.close();
    this.subscription = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('outbox')) this.outboxState.setOutbox(this.outbox);
    if (changed.has('muted')) this.voice.setMuted(this.muted);
    // The status bar shows the printer's and the gate's last status; each change must re-render it.
    for (const device of ['printer', 'gate'] as const) {
      if (!changed.has(device)) continue;
      (changed.get(device) as EventTarget | null | undefined)?.removeEventListener('status', this.onDeviceStatus);
      this[device]?.addEventListener('status', this.onDeviceStatus);
    }
    if (changed.has('proxyUrl') || changed.has('lane') || changed.has('laneKey')) {
      this.configFetched = false;
      this.client = this.proxyUrl && this.lane && this.laneKey ? new LaneClient({ proxyUrl: this.proxyUrl, laneId: this.lane, laneKey: this.laneKey }) : null;
      this.subscription?.close();
      this.subscription =
        this.client?.subscribe(
          (event) => event.type === 'plate.read' && this.onPlateRead(event),
          (status) => emit(this, 'lane-stream', { status }),
        ) ?? null;
      void this.refresh();
    }
  }

  /** Back to the idle screen, whatever is showing (the kiosk shell's watchdog uses it). */
  reset(): void {
    this.send({ type: 'reset' });
  }

  /** The driver's press; also callable by a hardware button wired to the page. */
  requestTicket(): void {
    const seen = this.cameraPlate ?? this.plate;
    const check = seen ? checkPlate(seen) : null;
    this.send({ type: 'ticket-requested', plate: check?.ok ? check.plate : null });
  }

  /**
   * The lane camera read a plate. A sure read on the idle lane asks for the car's ticket at once
   * (admitted by plate, no press); an unsure one is shown for the driver to confirm with the press.
   * Either is forgotten once the lane is idle again, or after the lane's idle timeout unused.
   */
  private onPlateRead(read: PlateReadEvent): void {
    if (this.state.name !== 'idle' || !isCurrentPlateRead(read, Date.now(), this.skewMs)) return;
    this.cameraPlate = read.plate;
    clearTimeout(this.cameraPlateTimer);
    this.cameraPlateTimer = setTimeout(() => (this.cameraPlate = null), (this.config?.idleTimeoutSeconds ?? 90) * 1000);
    emit(this, 'lane-plate-read', { read });
    if (!read.confirm) this.requestTicket();
  }

  private send(action: EntryAction): void {
    const previous = this.state;
    const next = entryTransition(previous, action);
    if (next === previous) return;
    this.state = next;
    clearTimeout(this.idleTimer);
    const after = RETURN_TO_IDLE_MS[next.name];
    if (after) this.idleTimer = setTimeout(() => this.send({ type: 'reset' }), after);
    emit(this, 'lane-entry-state', { state: next, previous });
    if (next.name === 'checking') {
      this.gateFailed = false;
      void this.check(next.plate);
    }
    if (next.name === 'issuing') void this.issue(next.plate);
    if (next.name === 'full') {
      emit(this, 'lane-lot-full', { plate: next.plate });
      this.voice.say(messages(this.locale).entry.full, this.locale);
    }
    if (next.name === 'printed') {
      emit(this, 'lane-ticket', { entry: next.entry, printed: next.printed, reason: next.reason });
      this.voice.say(messages(this.locale).entry.voiceTake, this.locale);
    }
    if (next.name === 'idle') {
      clearTimeout(this.cameraPlateTimer);
      this.cameraPlate = null;
      void this.refresh();
    }
  }

  private async refresh(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.config ??= cachedLaneConfig(client.laneId);
    try {
      if (!this.configFetched) {
        const sentAt = Date.now();
        this.config = await client.config();
        this.skewMs = clockSkewMs(sentAt, Date.now(), this.config.serverTimeMs);
        cacheLaneConfig(this.config);
        this.configFetched = true;
      }
      this.freeSpaces = (await client.spaces()).freeSpaces;
      this.online = true;
    } catch (error) {
      // A lot whose platform has no space count still issues tickets; only a dead proxy is "offline".
      const problem = laneErrorFrom(error);
      if (problem.kind === 'network' || problem.kind === 'timeout') this.online = false;
    }
  }

  /** A plate is looked up for reservations and stagger agreements; without one, only a free space admits. */
  private async check(plate: string | null): Promise<void> {
    const client = this.client;
    if (!client) return this.send({ type: 'failed', error: { kind: 'network', code: 'no-proxy', message: 'no proxy configured for this lane' } });
    try {
      if (plate) {
        const admission = await client.admission(plate);
        this.send(admission.admitted ? { type: 'admitted', reason: admission.reason as AdmissionReason } : { type: 'lot-full' });
        return;
      }
      const spaces = await client.spaces().catch(() => null);
      this.send(spaces?.freeSpaces === 0 ? { type: 'lot-full' } : { type: 'admitted', reason: 'space' });
    } catch (error) {
      this.send({ type: 'failed', error: laneErrorFrom(error) });
    }
  }

  private async issue(plate: string | null): Promise<void> {
    let ticket;
    try {
      ticket = await this.client!.issueTicket(plate);
    } catch (error) {
      this.send({ type: 'failed', error: laneErrorFrom(error) });
      return;
    }
    const entry: IssuedEntry = { ticketNo: ticket.ticketNo, payload: ticket.payload, enteredAt: ticket.enteredAt, plate: plate ?? ticket.license };
    const enteredAtMs = Date.parse(ticket.enteredAt);
    // The arrival is queued before printing: paper trouble must not lose the city report.
    if (entry.plate) void this.outbox?.enqueue('arrive', `${this.lane}/passage`, { plate: entry.plate, atMs: enteredAtMs }, `arrive-${ticket.ticketNo}`).catch(() => {});
    const printed = await this.print(entry, enteredAtMs);
    this.send({ type: 'ticket-issued', entry, printed });
    await this.openGate(entry);
  }

  /**
   * The car has its ticket — on paper, or on screen when the paper did not come out, which the
   * lane already treats as a valid entry — so the barrier lifts and the opening is recorded.
   */
  private async openGate(entry: IssuedEntry): Promise<void> {
    if (!this.gate) return;
    const record = await openGateFor(this.gate, { reason: 'entry-ticket', plate: entry.plate, ref: entry.ticketNo });
    this.gateFailed = record.result === 'failed';
    if (this.gateFailed) this.voice.say(messages(this.locale).gateFailed, this.locale);
    emit(this, 'lane-gate-open', { record });
    await this.outbox?.enqueue('gate-open', `${this.lane}/gate`, record, gateOpenKey(record)).catch(() => {});
  }

  private async print(entry: IssuedEntry, enteredAtMs: number): Promise<boolean> {
    if (!this.printer) return false;
    const blocks = entryTicket(
      { lotName: this.config?.lot.name ?? '', laneName: this.config?.laneName ?? this.lane, ticketNo: entry.ticketNo, enteredAtMs, qrPayload: entry.payload },
      this.printer.profile,
    );
    const report = (failure: { reason: string; message: string }) =>
      void this.outbox?.enqueue('printer-failure', `${this.lane}/device`, { ...failure, atMs: Date.now() }).catch(() => {});
    try {
      // Every byte, cut included, was written: the ticket is out, even if the printer did not confirm it.
      const issue = printIssue(await this.printer.print(blocks));
      if (issue) report(issue);
      return true;
    } catch (error) {
      report({ reason: error instanceof PrintError ? error.reason : 'unknown', message: (error as Error).message });
      return false;
    }
  }

  protected override render() {
    const outbox = this.outboxState.state;
    return html`
      ${kioskHeader({
        title: `${this.config?.lot.name ?? ''} ${this.config?.laneName ?? ''}`,
        locale: this.locale,
        muted: this.muted,
        now: this.now,
        toggleLocale: () => switchLocale(this),
        toggleVoice: () => switchVoice(this, this.voice),
      })}
      <main part="screen" aria-live="polite">${this.renderState(this.state)}</main>
      <footer part="footer">
        ${this.gateFailed ? html`<span role="alert" part="gate-alert">${messages(this.locale).gateFailed}</span>` : nothing}
        <lane-status-bar
          exportparts="chip, detail"
          .locale=${this.locale}
          .online=${this.online}
          .outboxDepth=${outbox?.depth ?? 0}
          .oldestCreatedAt=${outbox?.oldestCreatedAt ?? null}
          .printer=${this.printer?.status ?? null}
          .scannerConnected=${null}
          .gate=${this.gate?.status ?? null}
          .skewMs=${this.skewMs}
        ></lane-status-bar>
      </footer>
    `;
  }

  private renderState(state: EntryState) {
    const t = messages(this.locale);
    const e = t.entry;
    const back = html`<button class="secondary" @click=${() => this.send({ type: 'reset' })}>${t.back}</button>`;
    switch (state.name) {
      case 'idle':
        return html`
          <h1>${t.welcome}</h1>
          ${this.freeSpaces === null ? nothing : html`<p class="spaces" part="spaces">${t.idle.freeSpaces(this.freeSpaces)}</p>`}
          ${this.cameraPlate ?? this.plate ? html`<div class="plate" part="plate">${this.cameraPlate ?? this.plate}</div>` : nothing}
          ${this.cameraPlate ? html`<p class="hint" part="plate-suggestion">${e.cameraPlate}</p>` : nothing}
          <button class="press" part="press" @click=${() => this.requestTicket()}>${e.press}</button>
          <p class="hint">${e.pressHint}</p>
        `;
      case 'checking':
      case 'issuing': {
        const text = state.name === 'checking' ? e.checking : e.issuing;
        return html`<div class="spinner" role="progressbar" aria-label=${text}></div>
          <p>${text}</p>`;
      }
      case 'full':
        return html`
          ${state.plate ? html`<div class="plate">${state.plate}</div>` : nothing}
          <p class="big danger">${e.full}</p>
          <p class="hint">${e.fullHint}</p>
          <div class="actions">${back}</div>
        `;
      case 'printed':
        return html`
          <p class="big success">${state.printed ? e.take : e.reasons[state.reason]}</p>
          ${state.printed ? html`<p>${e.reasons[state.reason]}</p>` : nothing}
          ${state.entry.plate ? html`<div class="plate">${state.entry.plate}</div>` : nothing}
          <p class="hint">${e.ticketNo(state.entry.ticketNo)}</p>
          ${state.printed
            ? nothing
            : html`<p class="alert">${e.notPrinted}</p>
                <lane-pay-qr part="ticket-qr" .value=${state.entry.payload} .label=${e.ticketNo(state.entry.ticketNo)} .locale=${this.locale}></lane-pay-qr>`}
        `;
      case 'error':
        return html`
          <h1>${errorWords(this.locale, state.error).title}</h1>
          <p>${errorWords(this.locale, state.error).text}</p>
          <div class="actions">
            <button @click=${() => this.requestTicket()}>${t.retry}</button>
            ${back}
          </div>
        `;
    }
  }
}

if (!customElements.get('lane-entry-kiosk')) customElements.define('lane-entry-kiosk', LaneEntryKiosk);

declare global {
  interface HTMLElementTagNameMap {
    'lane-entry-kiosk': LaneEntryKiosk;
  }
  interface HTMLElementEventMap {
    'lane-entry-state': LaneEntryStateEvent;
    'lane-ticket': LaneTicketEvent;
    'lane-lot-full': LaneLotFullEvent;
    'lane-plate-read': LanePlateReadEvent;
  }
}

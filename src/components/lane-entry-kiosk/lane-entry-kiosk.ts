import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LaneClient } from '../../client/lane-client.js';
import type { AdmissionReason, EntryState, IssuedEntry } from '../../core/entry-machine.js';
import { checkPlate } from '../../core/plate.js';
import type { PlateReadEvent } from '../../core/quote.js';
import type { LaneGate } from '../../hardware/gate.js';
import type { PrinterDriver } from '../../hardware/printer-driver.js';
import type { Outbox } from '../../offline/outbox.js';
import { OutboxController } from '../../offline/outbox-controller.js';
import { remoteGateOpening } from '../../core/gate-decision.js';
import { entryBoardScreenOf, gateHealthOf, printerHealthOf } from '../../core/attendant/lane-board.js';
import type { RemoteActionCommand, RemoteActionOutcome } from '../../core/attendant/staff-access.js';
import type { LaneFacts } from '../../client/lane-reporter.js';
import { untilEquipped } from '../shared/equipment.js';
import { boardOutbox, LaneAttendantController, type StaffNote } from '../shared/lane-attendant-controller.js';
import '../lane-pay-qr/lane-pay-qr.js';
import '../lane-status-bar/lane-status-bar.js';
import { emit } from '../shared/events.js';
import { DriverLocale, kioskHeader, plateBadge, switchVoice } from '../shared/kiosk-chrome.js';
import { kioskStyles } from '../shared/kiosk.styles.js';
import { messages } from '../shared/messages.js';
import { LaneVoice } from '../shared/voice.js';
import { EntryLaneController } from './entry-lane-controller.js';
import { entryErrorWords, entryMessages } from './lane-entry-kiosk.messages.js';
import { entryKioskStyles } from './lane-entry-kiosk.styles.js';
import { LocalizedElement } from '../shared/localized-element.js';

export type LaneEntryStateEvent = CustomEvent<{ state: EntryState; previous: EntryState }>;
export type LaneTicketEvent = CustomEvent<{ entry: IssuedEntry; printed: boolean; reason: AdmissionReason }>;
export type LaneLotFullEvent = CustomEvent<{ plate: string | null }>;
export type LanePlateReadEvent = CustomEvent<{ read: PlateReadEvent }>;

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
 * @attr locale - `zh-CN` or `en`; unset, it follows the closest `lang` attribute (the element's, an ancestor's, the document's); the header's language button switches it at runtime.
 * @attr muted - Turns spoken announcements off.
 * @prop printer - A PrinterDriver for tickets (optional; without one the ticket shows as a QR).
 * @prop gate - The entry barrier (`LaneGate`), opened once the car has its ticket, on paper or on screen; null
 *   (the default) for a lane whose barrier the platform or a camera controls (optional).
 * @prop outbox - The lane's Outbox; arrivals are queued there for the platforms (optional).
 * @prop equipped - For a page that gives the lane its printer, gate and outbox after the first screen: a promise
 *   that settles once it has. A ticket and a barrier opening wait for it (10 s at most). Null (the default): they
 *   are given from the start.
 *
 * @event {LaneEntryStateEvent} lane-entry-state - Every state change. Bubbles, composed.
 * @event {LaneTicketEvent} lane-ticket - A ticket was issued. Bubbles, composed.
 * @event {LaneGateOpenEvent} lane-gate-open - The barrier was opened for a ticketed car, or the attempt failed; queued as a
 *   `gate-open` lane event. Bubbles, composed.
 * @event {LaneLotFullEvent} lane-lot-full - A car was turned away. Bubbles, composed.
 * @event {LaneLocaleEvent} lane-locale - The driver switched the language. Bubbles, composed.
 * @event {LanePlateReadEvent} lane-plate-read - The lane camera's read was taken for the car at the barrier (a sure one asks for its
 *   ticket at once). Bubbles, composed.
 * @event {LaneStreamStatusEvent} lane-stream - The proxy's event stream (the lane camera's plate reads) changed: `connecting`, `open`,
 *   `reconnecting`, `closed`. Bubbles, composed.
 * @event {LaneCallStaffEvent} lane-call-staff - The driver asked for help on the lot-full or fault screen (on a lot with a remote
 *   attendant desk, the lane also rings the attendants and shows the call). Cancelable: a page that rang its own
 *   intercom calls preventDefault(), and the lane then says staff were called. Bubbles, composed.
 * @event {LaneRemoteActionEvent} lane-remote-action - A remote attendant acted on the lane (plate correction, which checks
 *   the car again; reprint of the last ticket; reset; barrier); `outcome` says what the lane did (`not-supported` for
 *   a release, `no-device` without a printer or gate). Bubbles, composed.
 *
 * @csspart header - Lot name, lane, switches and clock.
 * @csspart screen - The area that changes with the lane's state.
 * @csspart press - The big ticket button (not on an idle screen where a press could only fail: offline, or a full lot
 *   with no plate the admission check could admit).
 * @csspart call-staff - 呼叫工作人员 on the idle screen, when staff are the driver's way in (offline, or the lot is full).
 * @csspart barrier - On the ticket screen: the barrier opens once the car has its ticket (not said when it failed to open).
 * @csspart keep-ticket - On the ticket screen: keep the ticket to pay at the exit.
 * @csspart ticket-no - The ticket's number, small.
 * @csspart credential - The platform's credential for a car without a plate, small and labelled.
 * @csspart staff-note - How to reach staff when no call can be made (no desk, or offline): the lot's phone.
 * @csspart call - The call to the remote attendant (`<lane-call-status>`), over the footer: 正在呼叫, 通话中, 无人接听 with the lot's phone.
 * @csspart spaces - The free-space count (in the alert colour when it is 0; not shown offline, where it cannot be refreshed).
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
 * @cssprop --lane-plate-new-energy - Background of a new-energy plate's badge (default #16a34a, green).
 * @cssprop --lane-success - Colour of good news: free spaces, paid (default #237804).
 * @cssprop --lane-warning-bg - Offline banner background (default #fff1b8).
 * @cssprop --lane-warning-text - Offline banner text colour (default #613400).
 * @cssprop --lane-danger - Colour of alerts and refusals (default #a8071a).
 */
export class LaneEntryKiosk extends LocalizedElement {
  static override styles = [kioskStyles, entryKioskStyles];

  @property({ type: String, attribute: 'proxy-url' }) proxyUrl = '';
  @property({ type: String }) lane = '';
  @property({ type: String, attribute: 'lane-key' }) laneKey = '';
  @property({ type: String }) plate: string | null = null;
  @property({ type: Boolean, reflect: true }) muted = false;
  @property({ attribute: false }) printer: PrinterDriver | null = null;
  @property({ attribute: false }) gate: LaneGate | null = null;
  @property({ attribute: false }) outbox: Outbox | null = null;
  @property({ attribute: false }) equipped: Promise<unknown> | null = null;
  @state() private now = Date.now();
  /** The driver pressed 呼叫工作人员 on a lane with no remote desk to ring: the confirmation shows on this screen. */
  /** The driver asked for staff and no call rang: what the screen says instead. */
  @state() private staffNote: StaffNote | null = null;
  private readonly driverLocale = new DriverLocale(this);
  private localeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Exposed for tests and embedding apps that want to drive or observe the lane directly. */
  readonly controller: EntryLaneController = new EntryLaneController(this, {
    devices: () => ({ lane: this.lane, printer: this.printer, gate: this.gate, outbox: this.outbox }),
    untilEquipped: () => untilEquipped(this.equipped),
    onState: (next, previous) => {
      this.staffNote = null;
      emit(this, 'lane-entry-state', { state: next, previous });
      if (next.name === 'idle') this.restoreLocale();
      if (next.name === 'full') {
        emit(this, 'lane-lot-full', { plate: next.plate });
        this.voice.say(entryMessages(this.locale).full, this.locale);
      }
      if (next.name === 'printed') {
        emit(this, 'lane-ticket', { entry: next.entry, printed: next.printed, reason: next.reason });
        this.voice.say(entryMessages(this.locale).voiceTake, this.locale);
      }
    },
    onPlateRead: (read) => emit(this, 'lane-plate-read', { read }),
    onGateOpened: (record) => {
      if (record.result === 'failed') this.voice.say(messages(this.locale).gateFailed, this.locale);
      emit(this, 'lane-gate-open', { record });
    },
    onStreamStatus: (status) => {
      this.attendant.onStreamStatus(status);
      emit(this, 'lane-stream', { status });
    },
    onStreamEvent: (event) => this.attendant.onEvent(event),
  });
  /** The remote attendants: the board's view of this lane, the driver's call, their remote actions. */
  readonly attendant: LaneAttendantController = new LaneAttendantController(
    this,
    () => ({ client: this.controller.connection.client, config: this.controller.config, skewMs: this.controller.connection.skewMs }),
    { facts: () => this.boardFacts(), carryOut: (action) => this.carryOut(action), onCallLive: (live) => this.controller.holdIdle(live) },
  );
  /** Speaks through speechSynthesis; replaceable by apps with their own audio. */
  voice: LaneVoice = new LaneVoice();
  private readonly outboxState = new OutboxController(this);
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  private readonly onDeviceStatus = () => this.requestUpdate();
  /** The idle screen last shown (offline, full, open); a call confirmed on one is not carried to another. */
  private shownIdleMode: 'offline' | 'full' | 'open' | null = null;

  /** The lane's state (the controller's), for pages and tests that look at the screen from outside. */
  get state(): EntryState {
    return this.controller.state;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The clock shows minutes.
    this.clockTimer = setInterval(() => (this.now = Date.now()), 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.printer?.removeEventListener('status', this.onDeviceStatus);
    this.gate?.removeEventListener('status', this.onDeviceStatus);
    clearInterval(this.clockTimer);
    clearTimeout(this.localeTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const idleMode = this.state.name === 'idle' ? this.idleMode() : null;
    if (idleMode !== this.shownIdleMode) {
      // How to reach staff belongs to the screen it was asked on: back online, the lane can issue (and call) again.
      if (idleMode && this.shownIdleMode) this.staffNote = null;
      this.shownIdleMode = idleMode;
    }
    if (changed.has('outbox')) this.outboxState.setOutbox(this.outbox);
    if (changed.has('muted')) this.voice.setMuted(this.muted);
    // The status bar shows the printer's and the gate's last status; each change must re-render it.
    for (const device of ['printer', 'gate'] as const) {
      if (!changed.has(device)) continue;
      (changed.get(device) as EventTarget | null | undefined)?.removeEventListener('status', this.onDeviceStatus);
      this[device]?.addEventListener('status', this.onDeviceStatus);
    }
    if (changed.has('proxyUrl') || changed.has('lane') || changed.has('laneKey')) {
      this.controller.setClient(
        this.proxyUrl && this.lane && this.laneKey ? new LaneClient({ proxyUrl: this.proxyUrl, laneId: this.lane, laneKey: this.laneKey }) : null,
      );
    }
  }

  /**
   * A driver's language is theirs, not the lane's: it returns to the lane's own when their ticket is
   * done (the lane is idle again) or when they leave the idle screen untouched for the idle timeout.
   */
  private toggleLocale = (): void => {
    this.driverLocale.toggle();
    clearTimeout(this.localeTimer);
    this.localeTimer = setTimeout(() => {
      if (this.state.name === 'idle') this.restoreLocale();
    }, (this.controller.connection.config?.idleTimeoutSeconds ?? 90) * 1000);
  };

  private restoreLocale(): void {
    clearTimeout(this.localeTimer);
    this.driverLocale.restore();
  }

  /** Back to the idle screen, whatever is showing (the kiosk shell's watchdog uses it). */
  reset(): void {
    this.controller.send({ type: 'reset' });
  }

  /** Rings the remote attendants when the lot has them and the lane is online; otherwise the screen says how to reach staff. */
  private callStaff = (): void => {
    this.staffNote = this.attendant.askForStaff(this.controller.connection.offline, this.controller.state);
  };

  /** What the attendant decided, done as the lane would do it: the barrier's opening is recorded like any other. */
  private carryOut(action: RemoteActionCommand): RemoteActionOutcome {
    switch (action.kind) {
      case 'correct-plate':
        if (!action.plate) return 'not-supported';
        this.controller.requestTicketFor(action.plate);
        return 'done';
      case 'reprint':
        if (!this.printer) return 'no-device';
        void this.printer.reprintLast().catch(() => {});
        return 'done';
      case 'reset':
        this.reset();
        return 'done';
      case 'open-gate':
        if (!this.gate) return 'no-device';
        void this.controller.openGate(remoteGateOpening(action.by, action.actionId, this.carPlate()));
        return 'done';
      case 'release':
        // An entry lane has no fee to settle: the attendant lets a car in with the barrier.
        return 'not-supported';
    }
  }

  /** The car at the barrier, as far as the lane knows it. */
  private carPlate(): string | null {
    const state = this.state;
    if (state.name === 'printed') return state.entry.plate;
    return 'plate' in state ? state.plate : this.controller.cameraPlate;
  }

  /** This lane as the attendants' board shows it. */
  private boardFacts(): LaneFacts {
    return {
      screen: entryBoardScreenOf(this.state.name),
      plate: this.carPlate(),
      dueFen: null,
      printer: this.printer ? printerHealthOf(this.printer.status) : 'offline',
      scanner: 'none',
      gate: gateHealthOf(this.gate?.status?.health ?? null),
      clockSkewMs: this.controller.connection.skewMs,
      outbox: boardOutbox(this.outboxState.state),
    };
  }

  /** The driver's press; also callable by a hardware button wired to the page. */
  requestTicket(): void {
    this.controller.requestTicket(this.plate);
  }

  protected override render() {
    const outbox = this.outboxState.state;
    const { config, offline, skewMs } = this.controller.connection;
    return html`
      ${kioskHeader({
        title: `${config?.lot.name ?? ''} ${config?.laneName ?? ''}`,
        locale: this.locale,
        muted: this.muted,
        now: this.now,
        toggleLocale: this.toggleLocale,
        toggleVoice: () => switchVoice(this, this.voice),
      })}
      ${offline ? html`<div part="offline-banner" role="status">${entryMessages(this.locale).offline}</div>` : nothing}
      <main part="screen" aria-live="polite">
        ${this.staffNote ? html`<p class="big over-screen" role="status" part="staff-note">${this.attendant.staffNoteText(this.locale, this.staffNote)}</p>` : nothing}${this.renderState(this.state)}
      </main>
      ${this.attendant.renderCall(this.locale)}
      <footer part="footer">
        ${this.controller.gateFailed ? html`<span role="alert" part="gate-alert">${messages(this.locale).gateFailed}</span>` : nothing}
        <lane-status-bar
          exportparts="chip, detail"
          .locale=${this.locale}
          .online=${!offline}
          .outboxDepth=${outbox?.depth ?? 0}
          .oldestCreatedAt=${outbox?.oldestCreatedAt ?? null}
          .printer=${this.printer?.status ?? null}
          .scannerConnected=${null}
          .gate=${this.gate?.status ?? null}
          .skewMs=${skewMs}
        ></lane-status-bar>
      </footer>
    `;
  }

  private renderState(state: EntryState) {
    const t = messages(this.locale);
    const e = entryMessages(this.locale);
    const back = html`<button class="secondary" @click=${() => this.reset()}>${t.back}</button>`;
    const callStaff = html`<button class="secondary" @click=${this.callStaff}>${t.callStaff}</button>`;
    switch (state.name) {
      case 'idle':
        return this.renderIdle();
      case 'checking':
      case 'issuing': {
        const text = state.name === 'checking' ? e.checking : e.issuing;
        return html`<div class="spinner" role="progressbar" aria-label=${text}></div>
          <h1>${text}</h1>`;
      }
      case 'full':
        return html`
          ${state.plate ? plateBadge(state.plate) : nothing}
          <h1 class="big danger">${e.full}</h1>
          <p class="hint">${e.fullHint}</p>
          <div class="actions">${back}${callStaff}</div>
        `;
      case 'printed': {
        // The car's plate as a badge; a no-plate car's platform credential is not for reading, so it comes last, small and labelled.
        const ref = state.entry.plate;
        const check = ref ? checkPlate(ref) : null;
        const plate = check?.ok && check.kind !== 'temporary' ? check.plate : null;
        return html`
          <h1 class="big success">${state.printed ? e.take : e.notPrintedTitle}</h1>
          <p>${e.reasons[state.reason]}</p>
          ${plate ? plateBadge(plate) : nothing}
          ${state.printed
            ? html`${this.controller.gateFailed ? nothing : html`<p class="next" part="barrier">${e.barrierOpens}</p>`}
                <p class="next" part="keep-ticket">${e.keepTicket}</p>`
            : html`<p class="alert">${e.notPrinted}</p>
                <lane-pay-qr part="ticket-qr" .value=${state.entry.payload} .label=${e.ticketNo(state.entry.ticketNo)} .locale=${this.locale}></lane-pay-qr>`}
          <p class="hint" part="ticket-no">${e.ticketNo(state.entry.ticketNo)}</p>
          ${ref && !plate ? html`<p class="hint" part="credential">${e.credential(ref)}</p>` : nothing}
        `;
      }
      case 'error': {
        const words = entryErrorWords(this.locale, state.error);
        return html`
          <h1>${words.title}</h1>
          <p>${words.text}</p>
          <div class="actions">
            <button @click=${() => this.requestTicket()}>${t.retry}</button>
            ${back}${callStaff}
          </div>
        `;
      }
    }
  }

  /**
   * The idle screen says what the lane can do for the next car. Offline it cannot issue (the ticket
   * and the admission check are the proxy's), so it offers staff and shows no count it cannot refresh.
   * A full lot says so at once; a car without a known plate can only be helped by staff, while one the
   * camera read may still be admitted by its reservation or stagger agreement, so its press stays.
   */
  private renderIdle() {
    const t = messages(this.locale);
    const e = entryMessages(this.locale);
    const mode = this.idleMode();
    const callStaff = (primary: boolean) => html`<div class="actions">
      <button class=${primary ? 'call' : 'secondary'} part="call-staff" @click=${this.callStaff}>${t.callStaff}</button>
    </div>`;
    if (mode === 'offline') {
      return html`
        <h1 class="danger">${e.offlineIdle.title}</h1>
        <p class="hint">${e.offlineIdle.text}</p>
        ${callStaff(true)}
      `;
    }
    const { freeSpaces } = this.controller.connection;
    const { cameraPlate } = this.controller;
    const plate = cameraPlate ?? this.plate;
    const full = mode === 'full';
    // The free-spaces line has its place before the count arrives: the button must not move under a finger.
    return html`
      <h1 class=${full ? 'big danger' : ''}>${full ? e.full : t.welcome}</h1>
      <div class="spaces-slot">
        ${freeSpaces === null ? nothing : html`<p class=${full ? 'spaces danger' : 'spaces'} part="spaces">${t.idle.freeSpaces(freeSpaces)}</p>`}
      </div>
      ${plate ? html`<div class="plate" part="plate">${plate}</div>` : nothing}
      ${cameraPlate ? html`<p class="hint" part="plate-suggestion">${full ? e.fullPlateHint : e.cameraPlate}</p>` : nothing}
      ${full && !plate
        ? html`<p class="hint">${e.fullHint}</p>
            ${callStaff(true)}`
        : html`<button class="press" part="press" @click=${() => this.requestTicket()}>${e.press}</button>
            ${full ? (cameraPlate ? nothing : html`<p class="hint">${e.fullPlateHint}</p>`) : html`<p class="hint">${e.pressHint}</p>`}
            ${full ? callStaff(false) : nothing}`}
    `;
  }

  /** Which idle screen the lane shows: it cannot issue offline, and a lot with no free space is full. */
  private idleMode(): 'offline' | 'full' | 'open' {
    const { offline, freeSpaces } = this.controller.connection;
    return offline ? 'offline' : freeSpaces === 0 ? 'full' : 'open';
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

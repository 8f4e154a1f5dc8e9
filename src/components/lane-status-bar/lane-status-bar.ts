import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { GateStatus } from '../../hardware/gate.js';
import type { PrinterStatus } from '../../hardware/printer-status.js';
import { emit } from '../shared/events.js';
import { messages } from '../shared/messages.js';
import { statusMessages } from './lane-status-bar.messages.js';
import { statusBarStyles } from './lane-status-bar.styles.js';
import { LocalizedElement } from '../shared/localized-element.js';

export type LaneStatusDetailEvent = CustomEvent<{ open: boolean }>;
export type Health = 'ok' | 'warn' | 'bad';

/** Events older than this are worth a look; the city wants yesterday's data by 01:00. */
const OLD_EVENT_MS = 15 * 60_000;
/** The proxy raises its clock alarm at 10 s of skew against the city platform (ShanghaiReporter). */
const SKEW_WARN_MS = 3_000;
const SKEW_BAD_MS = 10_000;

interface Chip {
  name: string;
  label: string;
  text: string;
  health: Health;
}

/**
 * @tag lane-status-bar
 * @summary One line of lane health for the bottom of a kiosk screen, with a detail panel for staff.
 *
 * Shows online or offline, the outbox depth and the age of its oldest event, printer, scanner and
 * gate state, and clock skew against the city platform. Each chip is coloured ok, warn or bad; going
 * offline and coming back are announced to screen readers.
 *
 * @prop online - Whether the proxy is reachable.
 * @prop outboxDepth - Lane events waiting to be sent.
 * @prop oldestCreatedAt - Epoch ms of the oldest waiting event, or null.
 * @prop printer - The printer's last status (null: never heard from).
 * @prop scannerConnected - Whether the scanner's port is open; null for a lane without a scanner (no chip).
 * @prop gate - The barrier gate's last status; null for a lane without a gate (no chip).
 * @prop skewMs - This machine's clock minus the platform's, or null when unknown.
 * @attr locale - `zh-CN` or `en`; unset, it follows the closest `lang` attribute (the element's, an ancestor's, the document's).
 *
 * @event {LaneStatusDetailEvent} lane-status-detail - Staff opened or closed the detail. Bubbles, composed.
 *
 * @csspart bar - The row of chips.
 * @csspart chip - One status chip; also `chip-ok`, `chip-warn` or `chip-bad`.
 * @csspart toggle - The details button.
 * @csspart detail - The detail panel; it opens over what is above the bar, so nothing on the screen moves.
 *
 * @cssprop --lane-status-ok - Colour of healthy chips (default green).
 * @cssprop --lane-status-warn - Colour of chips that need attention soon (default amber).
 * @cssprop --lane-status-bad - Colour of chips that need attention now (default red).
 * @cssprop --lane-text - Text colour (default #0f172a).
 * @cssprop --lane-font - Font stack.
 */
export class LaneStatusBar extends LocalizedElement {
  static override styles = statusBarStyles;

  @property({ type: Boolean }) online = true;
  @property({ type: Number, attribute: 'outbox-depth' }) outboxDepth = 0;
  @property({ type: Number, attribute: 'oldest-created-at' }) oldestCreatedAt: number | null = null;
  @property({ attribute: false }) printer: PrinterStatus | null = null;
  @property({ type: Boolean, attribute: 'scanner-connected' }) scannerConnected: boolean | null = false;
  @property({ attribute: false }) gate: GateStatus | null = null;
  @property({ type: Number, attribute: 'skew-ms' }) skewMs: number | null = null;
  @state() private open = false;
  /** Injected for tests; the bar shows ages relative to it. */
  now: () => number = Date.now;

  /** The chips as shown, in order; exposed for kiosks that log them. */
  chips(): Chip[] {
    const t = messages(this.locale);
    const s = statusMessages(this.locale);
    const ageMs = this.oldestCreatedAt === null ? 0 : this.now() - this.oldestCreatedAt;
    const printer = printerCondition(this.printer);
    const printerWords = printer.problem === null ? s.printerReady : printer.problem === 'unknown' ? s.unknown : t.printer[printer.problem];
    return [
      { name: 'network', label: s.network, text: this.online ? s.online : s.offline, health: this.online ? 'ok' : 'bad' },
      { name: 'outbox', label: s.outboxName, text: s.outbox(this.outboxDepth), health: this.outboxDepth === 0 ? 'ok' : ageMs > OLD_EVENT_MS ? 'bad' : 'warn' },
      { name: 'printer', label: s.printer, text: `${s.printer} ${printerWords}`, health: printer.health },
      ...(this.scannerConnected === null
        ? []
        : [{ name: 'scanner', label: s.scanner, text: `${s.scanner} ${this.scannerConnected ? s.connected : s.disconnected}`, health: this.scannerConnected ? 'ok' : 'warn' } satisfies Chip]),
      ...(this.gate === null ? [] : [gateChip(this.gate, s)]),
      {
        name: 'clock',
        label: s.clock,
        text: `${s.clockChip} ${this.skewMs === null ? s.unknown : s.skew(Math.round(this.skewMs / 1000))}`,
        health: this.skewMs === null ? 'warn' : Math.abs(this.skewMs) >= SKEW_BAD_MS ? 'bad' : Math.abs(this.skewMs) > SKEW_WARN_MS ? 'warn' : 'ok',
      },
    ];
  }

  override render() {
    const s = statusMessages(this.locale);
    const chips = this.chips();
    const oldestMinutes = this.oldestCreatedAt === null ? null : Math.floor((this.now() - this.oldestCreatedAt) / 60_000);
    return html`
      <div part="bar" class="bar" role="group" aria-label=${s.label}>
        <span class="live" role="status" aria-live="polite">${chips[0]!.text}</span>
        <div class="chips">
          ${chips.map((chip) => html`<span part=${`chip chip-${chip.health}`} class=${`chip ${chip.health}`} data-chip=${chip.name}>${chip.text}</span>`)}
        </div>
        <button part="toggle" class="toggle" aria-expanded=${String(this.open)} aria-controls="detail" @click=${this.toggle}>${this.open ? s.hideDetails : s.details}</button>
      </div>
      ${this.open
        ? html`<dl part="detail" id="detail" class="detail">
            ${chips.map((chip) => html`<div><dt>${chip.label}</dt><dd>${chip.text}</dd></div>`)}
            <div><dt>${s.oldest}</dt><dd>${oldestMinutes === null ? '–' : s.ago(oldestMinutes)}</dd></div>
          </dl>`
        : nothing}
    `;
  }

  private toggle = (): void => {
    this.open = !this.open;
    emit(this, 'lane-status-detail', { open: this.open });
  };
}

/** A gate that may hold the barrier up is bad; one that is unplugged only warns (an unpowered relay is off). */
function gateChip(gate: GateStatus, s: ReturnType<typeof statusMessages>): Chip {
  const words = gate.health === 'ok' ? s.gateReady : gate.health === 'offline' ? s.disconnected : s.gateFault;
  return {
    name: 'gate',
    label: s.gate,
    text: `${s.gate} ${words}`,
    health: gate.health === 'ok' ? 'ok' : gate.health === 'offline' ? 'warn' : 'bad',
  };
}

type PrinterProblem = keyof ReturnType<typeof messages>['printer'];

/** What is wrong with the printer, worst first, and how bad that is. */
function printerCondition(status: PrinterStatus | null): { problem: PrinterProblem | 'unknown' | null; health: Health } {
  if (status === null) return { problem: 'unknown', health: 'warn' };
  if (!status.connected) return { problem: 'disconnected', health: 'bad' };
  // A jammed or hung printer also reads offline; saying why tells staff to clear it rather than wait.
  if (status.stalled) return { problem: 'stalled', health: 'bad' };
  if (status.paperEnd) return { problem: 'paper-out', health: 'bad' };
  if (status.coverOpen) return { problem: 'cover-open', health: 'bad' };
  if (status.error) return { problem: 'fault', health: 'bad' };
  if (status.recoverableError) return { problem: 'recovering', health: 'warn' };
  if (!status.online) return { problem: 'offline', health: 'bad' };
  if (status.paperNearEnd) return { problem: 'paper-low', health: 'warn' };
  return { problem: null, health: 'ok' };
}

if (!customElements.get('lane-status-bar')) customElements.define('lane-status-bar', LaneStatusBar);

declare global {
  interface HTMLElementTagNameMap {
    'lane-status-bar': LaneStatusBar;
  }
  interface HTMLElementEventMap {
    'lane-status-detail': LaneStatusDetailEvent;
  }
}

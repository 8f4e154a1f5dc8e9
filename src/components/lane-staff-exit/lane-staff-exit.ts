import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clockText, dayText, entryAtMs, entryClockOf, MAX_DAYS_BACK, type EntryClock } from '../../core/entry-clock.js';
import type { OfflineBillPayload } from '../../core/lane-events.js';
import { formatYuan, MoneyError, parseYuan, toYuanString } from '../../core/money.js';
import type { StaffPinHash } from '../../core/quote.js';
import { computeFee, type Tariff, type VehicleClass } from '../../core/tariff.js';
import { staffPinMatches } from '../../offline/staff-pin.js';
import { emit } from '../shared/events.js';
import '../lane-keypad/lane-keypad.js';
import type { KeypadLayout, LaneKeypadInputEvent } from '../lane-keypad/lane-keypad.js';
import { staffExitStyles } from './lane-staff-exit.styles.js';
import { choiceGroup } from '../shared/touch-controls.js';
import { messages } from '../shared/messages.js';
import { LocalizedElement } from '../shared/localized-element.js';

export type LaneStaffExitEvent = CustomEvent<{ bill: OfflineBillPayload }>;
export type LaneStaffPinEvent = CustomEvent<{ accepted: boolean }>;

type Settlement = OfflineBillPayload['settlement'];
/** The form's fields typed on the keypad; one at a time is being edited. */
type KeypadField = 'entry' | 'amount' | 'phone' | 'staff';

const KEYPAD: Record<KeypadField, { layout: KeypadLayout; maxlength: number }> = {
  entry: { layout: 'numeric', maxlength: 4 },
  amount: { layout: 'decimal', maxlength: 8 },
  phone: { layout: 'numeric', maxlength: 11 },
  staff: { layout: 'alphanumeric', maxlength: 20 },
};

const PHONE = /^1\d{10}$/;

/**
 * @tag lane-staff-exit
 * @summary Staff release a car by hand when the platform cannot be reached: PIN, entry time, the
 * fee estimated from the cached tariff, and how the car leaves (cash, free pass, IOU). Everything
 * is done by touch, on large buttons and one on-screen keypad: no physical keyboard is needed.
 *
 * The entry time stays empty until staff give it (a day, today or stepped back, and HH:MM on the
 * keypad) unless the car's entry time is known; nothing is guessed. The cash amount follows the
 * estimate until staff type another. A free pass takes one of the listed reasons, recorded in
 * Chinese for the platforms whatever the screen's language.
 *
 * @prop plate - The car's plate.
 * @prop tariff - The lot's cached tariff (`Tariff`), for the estimate.
 * @prop staffPin - The lane's PIN hash (`StaffPinHash`); the panel checks it locally.
 * @prop enteredAtMs - Entry time when known (e.g. from a ticket); otherwise staff enter it.
 * @prop clock - Where "now" comes from (default `Date.now`): the exit time, today and the estimate.
 * @attr locale - `zh-CN` or `en`; unset, it follows the closest `lang` attribute (the element's, an ancestor's, the document's).
 *
 * @event {LaneStaffPinEvent} lane-staff-pin - A PIN was checked, for the page's audit trail (repeated refusals are worth an alert).
 *   Bubbles, composed.
 * @event {LaneStaffExitEvent} lane-staff-exit - Staff confirmed. Bubbles, composed.
 * @event {Event} lane-staff-cancel - Staff closed the panel. Bubbles, composed.
 *
 * @csspart panel - The dialog box.
 * @csspart field - A value typed on the keypad (entry time, amount, phone, staff id); tap to edit it.
 * @csspart choice - One of a set of choices (vehicle, settlement, free-pass reason).
 * @csspart keypad - The on-screen keypad.
 *
 * @cssprop --lane-font-size - Base font size; everything scales with it (default grows with the screen, 1.25rem to 2.75rem).
 * @cssprop --lane-text - Text colour (default #0f172a).
 * @cssprop --lane-panel - Background of cards and keys (default white).
 * @cssprop --lane-muted - Colour of hints and secondary text (default #475569).
 * @cssprop --lane-primary - Button colour.
 * @cssprop --lane-accent - Accent colour: amounts due, the current selection (default #d4380d).
 * @cssprop --lane-danger - Colour of alerts and refusals (default #a8071a).
 */
export class LaneStaffExit extends LocalizedElement {
  static override styles = staffExitStyles;

  @property({ type: String }) plate = '';
  @property({ attribute: false }) tariff: Tariff | null = null;
  @property({ attribute: false }) staffPin: StaffPinHash | null = null;
  @property({ type: Number, attribute: 'entered-at-ms' }) enteredAtMs: number | null = null;
  @property({ attribute: false }) clock: () => number = Date.now;
  @state() private unlocked = false;
  @state() private pin = '';
  @state() private problem = '';
  @state() private entry: EntryClock = { daysBack: 0, digits: '' };
  @state() private vehicle: VehicleClass = 'small';
  @state() private settlement: Settlement = 'cash';
  /** Cash received as typed; empty means the estimate. */
  @state() private amountText = '';
  /** Index into the listed free-pass reasons. */
  @state() private reason: number | null = null;
  @state() private phone = '';
  @state() private staffId = '';
  @state() private editing: KeypadField = 'entry';

  private get t() {
    return messages(this.locale).staff;
  }

  private async tryPin(): Promise<void> {
    const accepted = this.staffPin !== null && (await staffPinMatches(this.pin, this.staffPin));
    if (accepted) {
      this.unlocked = true;
      this.problem = '';
      const now = this.clock();
      if (this.enteredAtMs !== null) this.entry = entryClockOf(now, this.enteredAtMs);
      this.editing = this.enteredAtMs === null ? 'entry' : 'amount';
    } else {
      this.problem = this.t.wrongPin;
    }
    this.pin = '';
    emit(this, 'lane-staff-pin', { accepted });
  }

  private estimateFen(now: number): number | null {
    const enteredAt = entryAtMs(now, this.entry);
    if (!this.tariff || enteredAt === null || enteredAt > now) return null;
    try {
      return computeFee(this.tariff, this.vehicle, enteredAt, now).fen;
    } catch {
      return null;
    }
  }

  /** The bill the form describes, or the words for what is missing. */
  private bill(now: number): OfflineBillPayload | { problem: string; field?: KeypadField } {
    const t = this.t;
    const enteredAt = entryAtMs(now, this.entry);
    if (enteredAt === null) return { problem: t.needEntry, field: 'entry' };
    if (enteredAt > now) return { problem: t.futureEntry, field: 'entry' };
    const estimated = this.estimateFen(now);
    const estimate = estimated ?? 0;
    let amountFen = 0;
    let note = '';
    if (this.settlement === 'cash') {
      try {
        // Without a tariff there is no estimate to take: staff type what they received.
        amountFen = parseYuan(this.amountText || (estimated === null ? '' : toYuanString(estimated)));
        if (amountFen < 0) throw new MoneyError('negative', amountFen);
      } catch {
        return { problem: t.badAmount, field: 'amount' };
      }
    } else if (this.settlement === 'free') {
      if (this.reason === null) return { problem: t.needReason };
      note = messages('zh-CN').staff.reasons[this.reason]!;
    } else {
      if (!PHONE.test(this.phone)) return { problem: t.badPhone, field: 'phone' };
      note = this.phone;
    }
    return {
      plate: this.plate,
      enteredAtMs: enteredAt,
      exitAtMs: now,
      payableFen: estimate,
      discountFen: this.settlement === 'free' ? estimate : 0,
      paidFen: 0,
      amountFen,
      settlement: this.settlement,
      note,
      staff: this.staffId || 'staff',
    };
  }

  private release(event: SubmitEvent): void {
    event.preventDefault();
    const bill = this.bill(this.clock());
    if ('problem' in bill) {
      this.problem = bill.problem;
      if (bill.field) this.editing = bill.field;
      return;
    }
    this.problem = '';
    emit(this, 'lane-staff-exit', { bill });
  }

  /** The keypad always edits a field on screen: the amount only for cash, the phone only for an IOU. */
  private chooseSettlement(settlement: Settlement): void {
    this.settlement = settlement;
    if (settlement === 'cash') this.editing = 'amount';
    else if (settlement === 'iou') this.editing = 'phone';
    else if (this.editing === 'amount' || this.editing === 'phone') this.editing = 'staff';
  }

  protected override render() {
    const t = messages(this.locale);
    return html`<div part="panel" role="dialog" aria-modal="true" aria-label=${t.staffExit}>
      <strong class="title">${t.staffExit} · ${this.plate}</strong>
      ${this.unlocked ? this.renderForm() : this.renderPinPad()}
    </div>`;
  }

  private problemNote() {
    return html`<p class="problem" role="alert">${this.problem}</p>`;
  }

  private cancelButton() {
    return html`<button type="button" @click=${() => emit(this, 'lane-staff-cancel')}>${this.t.cancel}</button>`;
  }

  private renderPinPad() {
    return html`<lane-keypad
        part="keypad"
        masked
        maxlength="12"
        .value=${this.pin}
        .label=${this.t.enterPin}
        .enterLabel=${this.t.unlock}
        .locale=${this.locale}
        @lane-keypad-input=${(e: LaneKeypadInputEvent) => (this.pin = e.detail.value)}
        @lane-keypad-enter=${() => void this.tryPin()}
      ></lane-keypad>
      ${this.problemNote()}
      <div class="actions">${this.cancelButton()}</div>`;
  }

  private renderForm() {
    const t = this.t;
    const now = this.clock();
    const estimate = this.estimateFen(now);
    const estimateText = estimate === null ? '' : toYuanString(estimate);
    return html`<form @submit=${this.release}>
      <div class="fields">
        <div class="when">${this.renderDay(now)} ${this.field('entry', t.entryTime, this.entry.digits ? clockText(this.entry.digits) : '')}</div>
        ${choiceGroup(t.vehicle, [['small', t.small], ['large', t.large]] as const, this.vehicle, (v) => (this.vehicle = v))}
        <p class="estimate-line">${t.estimate} <span class="estimate">${estimate === null ? '—' : formatYuan(estimate)}</span></p>
        ${choiceGroup(t.settlement, [['cash', t.cash], ['free', t.free], ['iou', t.iou]] as const, this.settlement, (s) => this.chooseSettlement(s))}
        ${this.settlement === 'cash'
          ? this.field('amount', t.amount, this.amountText || estimateText)
          : this.settlement === 'free'
            ? choiceGroup(t.reason, t.reasons.map((text, i) => [i, text] as const), this.reason, (i) => (this.reason = i))
            : this.field('phone', t.phone, this.phone)}
        ${this.field('staff', t.staffId, this.staffId)}
      </div>
      ${this.renderKeypad(estimateText)}
      ${this.problemNote()}
      <div class="actions">${this.cancelButton()}<button class="primary" type="submit">${t.release}</button></div>
    </form>`;
  }

  private renderDay(now: number) {
    const t = this.t;
    const back = this.entry.daysBack;
    const name = back === 0 ? t.today : back === 1 ? t.yesterday : '';
    const step = (by: number) => (this.entry = { ...this.entry, daysBack: back + by });
    return html`<div class="day" role="group" aria-label=${t.day}>
      <button type="button" class="step" aria-label=${t.earlierDay} ?disabled=${back >= MAX_DAYS_BACK} @click=${() => step(1)}>‹</button>
      <output class="day-text">${name} ${dayText(now, back)}</output>
      <button type="button" class="step" aria-label=${t.laterDay} ?disabled=${back <= 0} @click=${() => step(-1)}>›</button>
    </div>`;
  }

  private field(name: KeypadField, label: string, value: string) {
    return html`<button type="button" part="field" data-field=${name} aria-pressed=${this.editing === name ? 'true' : 'false'} @click=${() => (this.editing = name)}>
      <span class="name">${label}</span><span class="value">${value || '—'}</span>
    </button>`;
  }

  private renderKeypad(estimateText: string) {
    const t = this.t;
    const bound: Record<KeypadField, { label: string; value: string; set: (value: string) => void; format?: (value: string) => string }> = {
      entry: { label: t.entryClock, value: this.entry.digits, set: (digits) => (this.entry = { ...this.entry, digits }), format: clockText },
      amount: { label: t.amount, value: this.amountText, set: (text) => (this.amountText = text), format: (text) => text || estimateText },
      phone: { label: t.phone, value: this.phone, set: (phone) => (this.phone = phone) },
      staff: { label: t.staffId, value: this.staffId, set: (id) => (this.staffId = id) },
    };
    const field = bound[this.editing];
    return html`<lane-keypad
      part="keypad"
      layout=${KEYPAD[this.editing].layout}
      maxlength=${KEYPAD[this.editing].maxlength}
      .value=${field.value}
      .label=${field.label}
      .format=${field.format ?? null}
      .locale=${this.locale}
      @lane-keypad-input=${(e: LaneKeypadInputEvent) => field.set(e.detail.value)}
    ></lane-keypad>`;
  }
}

if (!customElements.get('lane-staff-exit')) customElements.define('lane-staff-exit', LaneStaffExit);

declare global {
  interface HTMLElementTagNameMap {
    'lane-staff-exit': LaneStaffExit;
  }
  interface HTMLElementEventMap {
    'lane-staff-exit': LaneStaffExitEvent;
    'lane-staff-pin': LaneStaffPinEvent;
    'lane-staff-cancel': Event;
  }
}

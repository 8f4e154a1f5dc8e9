import { LitElement, html, nothing } from 'lit';
import type { OfflineBillPayload } from '../core/lane-events.js';
import { formatYuan, MoneyError, parseYuan, toYuanString } from '../core/money.js';
import type { StaffPinHash } from '../core/quote.js';
import { computeFee, type Tariff, type VehicleClass } from '../core/tariff.js';
import { formatBeijing, parseBeijing } from '../core/time.js';
import { staffPinMatches } from '../offline/staff-pin.js';
import { staffExitStyles } from './lane-staff-exit.styles.js';
import { emit } from './events.js';
import { messages, type Locale } from './messages.js';

export type LaneStaffExitEvent = CustomEvent<{ bill: OfflineBillPayload }>;
export type LaneStaffPinEvent = CustomEvent<{ accepted: boolean }>;

type Settlement = OfflineBillPayload['settlement'];

/** `yyyy-MM-ddTHH:mm` for a datetime-local input, in Beijing time whatever the host's zone. */
const toInputValue = (ms: number) => formatBeijing(ms).slice(0, 16).replace(' ', 'T');
const fromInputValue = (value: string) => parseBeijing(`${value.replace('T', ' ')}:00`);

/**
 * @tag lane-staff-exit
 * @summary Staff release a car by hand when the platform cannot be reached: PIN, entry time, the
 * fee estimated from the cached tariff, and how the car leaves (cash, free pass, IOU).
 *
 * @prop plate - The car's plate.
 * @prop tariff - The lot's cached tariff (`Tariff`), for the estimate.
 * @prop staffPin - The lane's PIN hash (`StaffPinHash`); the panel checks it locally.
 * @prop enteredAtMs - Entry time when known (e.g. from a ticket); otherwise staff enter it.
 * @attr locale - `zh-CN` (default) or `en`.
 *
 * @event lane-staff-pin - A PIN was checked, for the page's audit trail (repeated refusals are worth an alert).
 *   Bubbles, composed. `detail: { accepted: boolean }`.
 * @event lane-staff-exit - Staff confirmed. Bubbles, composed. `detail: { bill: OfflineBillPayload }`.
 * @event lane-staff-cancel - Staff closed the panel. Bubbles, composed.
 *
 * @csspart panel - The dialog box.
 */
export class LaneStaffExit extends LitElement {
  static override styles = staffExitStyles;
  static override properties = {
    plate: { type: String },
    tariff: { attribute: false },
    staffPin: { attribute: false },
    enteredAtMs: { type: Number },
    locale: { type: String },
    unlocked: { state: true },
    pin: { state: true },
    problem: { state: true },
    entryInput: { state: true },
    vehicle: { state: true },
    settlement: { state: true },
  };

  declare plate: string;
  declare tariff: Tariff | null;
  declare staffPin: StaffPinHash | null;
  declare enteredAtMs: number | null;
  declare locale: Locale;
  declare unlocked: boolean;
  declare pin: string;
  declare problem: string;
  declare entryInput: string;
  declare vehicle: VehicleClass;
  declare settlement: Settlement;

  constructor() {
    super();
    this.plate = '';
    this.tariff = null;
    this.staffPin = null;
    this.enteredAtMs = null;
    this.locale = 'zh-CN';
    this.unlocked = false;
    this.pin = '';
    this.problem = '';
    this.entryInput = '';
    this.vehicle = 'small';
    this.settlement = 'cash';
  }


  private async tryPin(): Promise<void> {
    const t = messages(this.locale).staff;
    const accepted = this.staffPin !== null && (await staffPinMatches(this.pin, this.staffPin));
    if (accepted) {
      this.unlocked = true;
      this.problem = '';
      this.entryInput = toInputValue(this.enteredAtMs ?? Date.now() - 60 * 60_000);
    } else {
      this.problem = t.wrongPin;
      this.pin = '';
    }
    emit(this, 'lane-staff-pin', { accepted });
  }

  private estimateFen(): number | null {
    if (!this.tariff || !this.entryInput) return null;
    try {
      return computeFee(this.tariff, this.vehicle, fromInputValue(this.entryInput), Date.now()).fen;
    } catch {
      return null;
    }
  }

  private release(event: SubmitEvent): void {
    event.preventDefault();
    const t = messages(this.locale).staff;
    const form = new FormData(event.target as HTMLFormElement);
    const estimate = this.estimateFen() ?? 0;
    let amountFen = 0;
    let note = '';
    if (this.settlement === 'cash') {
      try {
        amountFen = parseYuan(String(form.get('amount') ?? ''));
        if (amountFen < 0) throw new MoneyError('negative', amountFen);
      } catch {
        this.problem = t.badAmount;
        return;
      }
    } else if (this.settlement === 'free') {
      note = String(form.get('reason') ?? '').trim();
      if (!note) {
        this.problem = t.needReason;
        return;
      }
    } else {
      note = String(form.get('phone') ?? '').trim();
      if (!/^1\d{10}$/.test(note)) {
        this.problem = t.badPhone;
        return;
      }
    }
    const bill: OfflineBillPayload = {
      plate: this.plate,
      enteredAtMs: fromInputValue(this.entryInput),
      exitAtMs: Date.now(),
      payableFen: estimate,
      discountFen: this.settlement === 'free' ? estimate : 0,
      paidFen: 0,
      amountFen,
      settlement: this.settlement,
      note,
      staff: String(form.get('staff') ?? '').trim() || 'staff',
    };
    emit(this, 'lane-staff-exit', { bill });
  }

  protected override render() {
    return html`<div part="panel" role="dialog" aria-modal="true" aria-label=${messages(this.locale).staffExit}>
      <strong>${messages(this.locale).staffExit} · ${this.plate}</strong>
      ${this.unlocked ? this.renderForm() : this.renderPinPad()}
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      ${this.unlocked ? nothing : html`<div class="actions">${this.cancelButton()}</div>`}
    </div>`;
  }

  private cancelButton() {
    return html`<button type="button" @click=${() => emit(this, 'lane-staff-cancel')}>${messages(this.locale).staff.cancel}</button>`;
  }

  private renderPinPad() {
    const t = messages(this.locale).staff;
    const press = (digit: string) => (this.pin = (this.pin + digit).slice(0, 12));
    return html`
      <label for="pin">${t.enterPin}</label>
      <div class="pin" id="pin" aria-live="polite">${'•'.repeat(this.pin.length)}</div>
      <div class="keypad">
        ${['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => html`<button @click=${() => press(d)}>${d}</button>`)}
        <button @click=${() => (this.pin = '')}>${t.clear}</button>
        <button @click=${() => press('0')}>0</button>
        <button class="primary" @click=${() => void this.tryPin()}>${t.unlock}</button>
      </div>
    `;
  }

  private renderForm() {
    const t = messages(this.locale).staff;
    const estimate = this.estimateFen();
    return html`<form @submit=${this.release}>
      <label>${t.entryTime}<input type="datetime-local" name="entry" .value=${this.entryInput} @input=${(e: Event) => (this.entryInput = (e.target as HTMLInputElement).value)} required /></label>
      <label
        >${t.vehicle}
        <select name="vehicle" @change=${(e: Event) => (this.vehicle = (e.target as HTMLSelectElement).value as VehicleClass)}>
          <option value="small">${t.small}</option>
          <option value="large">${t.large}</option>
        </select>
      </label>
      <p>${t.estimate} <span class="estimate">${estimate === null ? '—' : formatYuan(estimate)}</span></p>
      <fieldset>
        <legend>${t.settlement}</legend>
        ${(['cash', 'free', 'iou'] as const).map(
          (s) => html`<label><input type="radio" name="settlement" value=${s} .checked=${this.settlement === s} @change=${() => (this.settlement = s)} />${t[s]}</label>`,
        )}
      </fieldset>
      ${this.settlement === 'cash'
        ? html`<label>${t.amount}<input name="amount" inputmode="decimal" .value=${estimate === null ? '' : toYuanString(estimate)} required /></label>`
        : this.settlement === 'free'
          ? html`<label>${t.reason}<input name="reason" required maxlength="100" /></label>`
          : html`<label>${t.phone}<input name="phone" inputmode="tel" required maxlength="11" /></label>`}
      <label>${t.staffId}<input name="staff" maxlength="20" /></label>
      <div class="actions">${this.cancelButton()}<button class="primary" type="submit">${t.release}</button></div>
    </form>`;
  }
}

if (!customElements.get('lane-staff-exit')) customElements.define('lane-staff-exit', LaneStaffExit);

declare global {
  interface HTMLElementTagNameMap {
    'lane-staff-exit': LaneStaffExit;
  }
  interface HTMLElementEventMap {
    'lane-staff-exit': LaneStaffExitEvent;
  }
}

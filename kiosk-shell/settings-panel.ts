/**
 * The staff settings of the kiosk app, behind the lane's staff PIN (checked on the device against
 * the PBKDF2 hash in the cached lane config, so it works offline): proxy URL and lane key, lane,
 * language, the printer model profile, printer and scanner pairing (the browser's serial chooser
 * needs this tap), a test print (the profile's self-test page) and a reprint of the last receipt or
 * ticket (headed 补打, for a driver whose paper did not come out), the barrier gate (who opens it,
 * relay, pulse, baud, pairing and a test opening). Saving reloads the app with the new settings.
 *
 * Events: `shell-settings-save` (`detail: ShellSettings`), `shell-pair` (`detail: { role }`),
 * `shell-test-print`, `shell-reprint`, `shell-test-gate`, `shell-settings-close`.
 */
import { LitElement, css, html, nothing } from 'lit';
import type { StaffPinHash } from '../src/core/quote.js';
import { messages, type Locale } from '../src/components/messages.js';
import { PRINTER_PROFILES } from '../src/hardware/escpos/profiles.js';
import { staffPinMatches } from '../src/offline/staff-pin.js';
import { MAX_RELAY } from '../src/hardware/relay-frames.js';
import { MAX_PULSE_MS } from '../src/hardware/relay-gate.js';
import { GATE_BAUD_RATES, gateSettingsFrom, MIN_PULSE_MS } from './gate-settings.js';
import { scannerEncodingFrom, scannerKindFrom, type ShellSettings } from './settings.js';

export class LaneShellSettings extends LitElement {
  static override properties = {
    settings: { attribute: false },
    staffPin: { attribute: false },
    unlocked: { state: true },
    problem: { state: true },
    note: { type: String },
    locale: { type: String },
  };

  static override styles = css`
    :host {
      position: fixed;
      inset: 0;
      z-index: 20;
      display: flex;
      align-items: center;
      justify-content: center;
      background: rgb(15 23 42 / 0.6);
      font: 20px system-ui, 'Noto Sans CJK SC', sans-serif;
    }
    form {
      display: grid;
      gap: 0.75rem;
      min-width: min(90vw, 560px);
      padding: 1.5rem;
      background: #fff;
      border-radius: 12px;
    }
    label {
      display: grid;
      gap: 0.25rem;
    }
    input,
    select,
    button {
      font: inherit;
      min-height: 48px;
    }
    .row {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    button {
      padding: 0 1rem;
    }
    .problem {
      color: #a8071a;
    }
  `;

  declare settings: ShellSettings;
  declare staffPin: StaffPinHash | null;
  declare unlocked: boolean;
  declare problem: string;
  declare note: string;
  /** The language of the panel, the lane's own until staff change it. */
  declare locale: Locale;

  constructor() {
    super();
    this.staffPin = null;
    this.unlocked = false;
    this.problem = '';
    this.note = '';
    this.locale = 'zh-CN';
  }

  private get t() {
    return messages(this.locale).shell;
  }

  private async unlock(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const pin = new FormData(event.target as HTMLFormElement).get('pin')?.toString() ?? '';
    if (this.staffPin && (await staffPinMatches(pin, this.staffPin))) {
      this.unlocked = true;
      this.problem = '';
    } else {
      this.problem = this.staffPin ? this.t.wrongPin : this.t.noPinYet;
    }
  }

  private save(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => form.get(name)?.toString().trim() ?? '';
    const next: ShellSettings = {
      ...this.settings,
      proxyUrl: text('proxyUrl') || location.origin,
      lane: text('lane'),
      laneKey: text('laneKey') || this.settings.laneKey,
      locale: text('locale') === 'en' ? 'en' : 'zh-CN',
      hardware: text('hardware') === 'serial' ? 'serial' : 'virtual',
      scanner: scannerKindFrom(text('scanner')),
      scannerEncoding: scannerEncodingFrom(text('scannerEncoding')),
      printerProfile: text('printerProfile') || this.settings.printerProfile,
      gate: gateSettingsFrom({ mode: text('gateMode'), relay: text('gateRelay'), pulseMs: text('gatePulseMs'), baudRate: text('gateBaud') }),
    };
    if (!next.lane) {
      this.problem = this.t.laneRequired;
      return;
    }
    this.dispatchEvent(new CustomEvent('shell-settings-save', { detail: next }));
  }

  private fire(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  override render() {
    return html`<div role="dialog" aria-modal="true" aria-label=${this.t.settings}>${this.renderForm()}</div>`;
  }

  private renderForm() {
    const t = this.t;
    const close = html`<button type="button" @click=${() => this.fire('shell-settings-close')}>${t.close}</button>`;
    if (!this.unlocked) {
      return html`<form aria-label=${t.settings} @submit=${this.unlock}>
        <label>${t.pin} <input name="pin" type="password" inputmode="numeric" autocomplete="off" required autofocus /></label>
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
        <div class="row"><button type="submit">${t.unlock}</button>${close}</div>
      </form>`;
    }
    const s = this.settings;
    return html`<form aria-label=${t.settings} @submit=${this.save}>
      <label>${t.proxyUrl} <input name="proxyUrl" type="url" .value=${s.proxyUrl} /></label>
      <label>${t.lane} <input name="lane" .value=${s.lane} required /></label>
      <label>${t.laneKey} <input name="laneKey" type="password" autocomplete="off" placeholder=${t.keepKey} /></label>
      <label>${t.language}
        <select name="locale" .value=${s.locale}><option value="zh-CN">中文</option><option value="en">English</option></select>
      </label>
      <label>${t.hardware}
        <select name="hardware" .value=${s.hardware}><option value="virtual">${t.virtualHardware}</option><option value="serial">${t.serialHardware}</option></select>
      </label>
      <label>${t.scannerKind}
        <select name="scanner" .value=${s.scanner}><option value="serial">${t.serialScanner}</option><option value="keyboard-wedge">${t.wedgeScanner}</option></select>
      </label>
      <label>${t.scannerEncoding}
        <select name="scannerEncoding" .value=${s.scannerEncoding}><option value="auto">${t.encodingAuto}</option><option value="utf-8">UTF-8</option><option value="gb18030">GB18030</option></select>
      <label>${t.printerModel}
        <select name="printerProfile">
          ${PRINTER_PROFILES.map((p) => html`<option value=${p.id} ?selected=${p.id === s.printerProfile}>${p.name}</option>`)}
        </select>
      </label>
      <div class="row">
        <button type="button" @click=${() => this.fire('shell-pair', { role: 'printer' })}>${t.pairPrinter}</button>
        <button type="button" @click=${() => this.fire('shell-pair', { role: 'scanner' })}>${t.pairScanner}</button>
        <button type="button" @click=${() => this.fire('shell-test-print')}>${t.testPrint}</button>
        <button type="button" @click=${() => this.fire('shell-reprint')}>${t.reprintLast}</button>
      </div>
      ${this.renderGate()}
      ${this.note ? html`<p role="status">${this.note}</p>` : nothing}
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <div class="row"><button type="submit">${t.saveRestart}</button>${close}</div>
    </form>`;
  }

  private renderGate() {
    const t = this.t.gate;
    const g = this.settings.gate;
    return html`<fieldset>
      <legend>${t.mode}</legend>
      <label>${t.opener}
        <select name="gateMode" .value=${g.mode}>
          <option value="relay">${t.relay}</option><option value="platform">${t.platform}</option><option value="none">${t.none}</option>
        </select>
      </label>
      <div class="row">
        <label>${t.relayNumber} <input name="gateRelay" type="number" inputmode="numeric" min="1" max=${MAX_RELAY} step="1" .value=${String(g.relay)} required /></label>
        <label>${t.pulseMs} <input name="gatePulseMs" type="number" inputmode="numeric" min=${MIN_PULSE_MS} max=${MAX_PULSE_MS} step="50" .value=${String(g.pulseMs)} required /></label>
        <label>${t.baudRate}
          <select name="gateBaud">${GATE_BAUD_RATES.map((baud) => html`<option value=${baud} ?selected=${baud === g.baudRate}>${baud}</option>`)}</select>
        </label>
      </div>
      <div class="row">
        <button type="button" @click=${() => this.fire('shell-pair', { role: 'gate' })}>${t.pair}</button>
        <button type="button" @click=${() => this.fire('shell-test-gate')}>${t.test}</button>
      </div>
    </fieldset>`;
  }
}

if (!customElements.get('lane-shell-settings')) customElements.define('lane-shell-settings', LaneShellSettings);

declare global {
  interface HTMLElementTagNameMap {
    'lane-shell-settings': LaneShellSettings;
  }
}

/**
 * The staff settings of the kiosk app, behind the lane's staff PIN (checked on the device against
 * the PBKDF2 hash in the cached lane config, so it works offline): proxy URL and lane key, lane,
 * language, the printer model profile, printer and scanner pairing (the browser's serial chooser
 * needs this tap), a test print (the profile's self-test page) and a reprint of the last receipt or
 * ticket (headed 补打, for a driver whose paper did not come out), the barrier gate (who opens it,
 * relay, pulse, baud, pairing and a test opening). Saving reloads the app with the new settings.
 *
 * Touch alone works: the PIN on an on-screen keypad, every choice a large button, numbers on
 * steppers, one section at a time (lane, devices, printer, gate) so each fits any kiosk screen.
 * Proxy URL, lane and lane key are text fields with an on-screen keyboard (./text-keyboard.ts) that
 * a tap on a field opens, in room the lane section keeps for it (beside the fields in landscape,
 * below them in portrait), so no field moves; a physical keyboard types into the same fields. The
 * key stays masked unless staff tap 显示密钥. The panel locks and closes itself after a minute without a
 * touch, so a panel left open never stays unlocked on a driver's screen; Escape and 返回 close it.
 *
 * It speaks the kiosk's language as it is now (the page's `lang`, which follows a driver's switch),
 * and nothing in it moves as staff work: the sections are laid over one another in one box as big
 * as the largest, so the tab bar and the buttons keep their places from section to section, and the
 * line for a wrong PIN or a missing lane is kept free until it is needed.
 *
 * Events: `shell-settings-save` (`detail: ShellSettings`), `shell-pair` (`detail: { role }`),
 * `shell-test-print`, `shell-reprint`, `shell-test-gate`, `shell-settings-close` (`detail: { idle: boolean }`).
 */
import { html } from 'lit';
import { createRef, ref, type Ref } from 'lit/directives/ref.js';
import '../src/components/lane-keypad/lane-keypad.js';
import type { LaneKeypadInputEvent } from '../src/components/lane-keypad/lane-keypad.js';
import { LocalizedElement } from '../src/components/shared/localized-element.js';
import { choiceGroup, stepper } from '../src/components/shared/touch-controls.js';
import type { StaffPinHash } from '../src/core/quote.js';
import { PRINTER_PROFILES } from '../src/hardware/escpos/profiles.js';
import { MAX_RELAY } from '../src/hardware/relay-frames.js';
import { MAX_PULSE_MS } from '../src/hardware/relay-frames.js';
import { staffPinMatches } from '../src/offline/staff-pin.js';
import { GATE_BAUD_RATES, MIN_PULSE_MS, type GateSettings } from './gate-settings.js';
import { printerName, settingsMessages } from './settings-panel.messages.js';
import { settingsPanelStyles } from './settings-panel.styles.js';
import type { ShellSettings } from './settings.js';
import './text-keyboard.js';

/** A minute without a touch locks the panel. */
export const IDLE_LOCK_MS = 60_000;

/** The timer the idle lock runs on; tests pass one they advance by hand. */
export interface IdleTimer {
  start(callback: () => void, ms: number): () => void;
}

const realTimer: IdleTimer = {
  start(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
};

type SettingsSection = 'lane' | 'devices' | 'printer' | 'gate';
/** The settings typed as text, on the on-screen keyboard or a physical one. */
type TextSetting = 'proxyUrl' | 'lane' | 'laneKey';
const SECTIONS: readonly SettingsSection[] = ['lane', 'devices', 'printer', 'gate'];

/** What counts as staff still at the panel. */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'click'] as const;

export class LaneShellSettings extends LocalizedElement {
  static override properties = {
    settings: { attribute: false },
    staffPin: { attribute: false },
    idleTimer: { attribute: false },
    unlocked: { state: true },
    pin: { state: true },
    draft: { state: true },
    section: { state: true },
    editing: { state: true },
    keyShown: { state: true },
    problem: { state: true },
    note: { type: String },
  };

  static override styles = settingsPanelStyles;

  declare settings: ShellSettings;
  declare staffPin: StaffPinHash | null;
  declare idleTimer: IdleTimer;
  declare unlocked: boolean;
  declare pin: string;
  /** The settings as staff are changing them; saved as a whole. */
  declare draft: ShellSettings;
  /** The part of the settings on screen: one at a time, so every size of kiosk shows it whole. */
  declare section: SettingsSection;
  /** The text setting the on-screen keyboard types into; none while the keyboard is put away. */
  declare editing: TextSetting | null;
  declare keyShown: boolean;
  declare problem: string;
  declare note: string;

  private readonly textFields: Record<TextSetting, Ref<HTMLInputElement>> = { proxyUrl: createRef(), lane: createRef(), laneKey: createRef() };
  private stopIdleTimer: (() => void) | null = null;

  constructor() {
    super();
    this.staffPin = null;
    this.idleTimer = realTimer;
    this.unlocked = false;
    this.pin = '';
    this.problem = '';
    this.note = '';
    this.section = 'lane';
    this.editing = null;
    this.keyShown = false;
    for (const type of ACTIVITY_EVENTS) this.addEventListener(type, this.restartIdleTimer);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.onDocumentKey);
    this.restartIdleTimer();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onDocumentKey);
    this.stopIdleTimer?.();
    this.stopIdleTimer = null;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('settings') && this.settings) this.draft = this.settings;
  }

  private get t() {
    return settingsMessages(this.locale);
  }

  private restartIdleTimer = (): void => {
    this.stopIdleTimer?.();
    this.stopIdleTimer = this.isConnected ? this.idleTimer.start(this.lockForIdle, IDLE_LOCK_MS) : null;
  };

  private lockForIdle = (): void => {
    this.stopIdleTimer = null;
    this.close(true);
  };

  private onDocumentKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') this.close(false);
  };

  /** Forgets the PIN and every unsaved change. */
  private lock(): void {
    this.unlocked = false;
    this.pin = '';
    this.problem = '';
    this.draft = this.settings;
    this.section = 'lane';
    this.editing = null;
    this.keyShown = false;
  }

  private close(idle: boolean): void {
    this.lock();
    this.fire('shell-settings-close', { idle });
  }

  private async unlock(): Promise<void> {
    if (this.staffPin && (await staffPinMatches(this.pin, this.staffPin))) {
      this.unlocked = true;
      this.problem = '';
    } else {
      this.problem = this.staffPin ? this.t.wrongPin : this.t.noPinYet;
    }
    this.pin = '';
  }

  private save(): void {
    const draft = this.draft;
    const next: ShellSettings = { ...draft, proxyUrl: draft.proxyUrl.trim() || location.origin, lane: draft.lane.trim(), laneKey: draft.laneKey.trim() || this.settings.laneKey };
    if (!next.lane) {
      this.problem = this.t.laneRequired;
      return;
    }
    this.fire('shell-settings-save', next);
  }

  private showSection(section: SettingsSection): void {
    this.section = section;
    this.editing = null;
  }

  private doneTyping(): void {
    if (this.editing) this.textFields[this.editing].value?.blur();
    this.editing = null;
  }

  private edit(change: Partial<ShellSettings>): void {
    this.draft = { ...this.draft, ...change };
  }

  private editGate(change: Partial<GateSettings>): void {
    this.edit({ gate: { ...this.draft.gate, ...change } });
  }

  private fire(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  override render() {
    return html`<div role="dialog" aria-modal="true" aria-label=${this.unlocked ? this.t.settings : this.t.title}>
      ${this.unlocked ? this.renderSettings() : this.renderLocked()}
    </div>`;
  }

  private backButton() {
    return html`<button type="button" @click=${() => this.close(false)}>${this.t.back}</button>`;
  }

  private problemNote() {
    return html`<p class="problem" role="alert">${this.problem}</p>`;
  }

  private renderLocked() {
    const t = this.t;
    return html`<div class="locked">
      <h2>${t.title}</h2>
      <lane-keypad
        masked
        maxlength="12"
        .value=${this.pin}
        .label=${t.pin}
        .enterLabel=${t.unlock}
        .locale=${this.locale}
        @lane-keypad-input=${(e: LaneKeypadInputEvent) => (this.pin = e.detail.value)}
        @lane-keypad-enter=${() => void this.unlock()}
      ></lane-keypad>
      ${this.problemNote()}
      <div class="actions">${this.backButton()}</div>
    </div>`;
  }

  private renderSettings() {
    const t = this.t;
    const d = this.draft;
    // inputmode none: a tablet's own keyboard would cover the panel's; a physical keyboard still types.
    const input = (name: TextSetting, type: string, placeholder = '') =>
      html`<input id=${name} name=${name} class=${this.editing === name ? 'editing' : ''} type=${type} inputmode="none" autocomplete="off" placeholder=${placeholder} .value=${name === 'laneKey' ? '' : d[name]} ${ref(this.textFields[name])}
        @focus=${() => (this.editing = name)} @input=${(e: Event) => this.edit({ [name]: (e.target as HTMLInputElement).value })} />`;
    const names: Record<TextSetting, string> = { proxyUrl: t.proxyUrl, lane: t.lane, laneKey: t.laneKey };
    const caption = (label: string, control: unknown) => html`<div class="caption">${label}</div>${control}`;
    const sections = {
      lane: () => html`<fieldset data-section="lane" ?inert=${this.section !== 'lane'}>
        <legend>${t.lane}</legend>
        <div class="fields">
          <label>${t.proxyUrl} ${input('proxyUrl', 'url')}</label>
          <label>${t.lane} ${input('lane', 'text')}</label>
          <label for="laneKey">${t.laneKey}</label>
          <div class="masked">
            ${input('laneKey', this.keyShown ? 'text' : 'password', t.keepKey)}
            <button type="button" aria-pressed=${this.keyShown ? 'true' : 'false'} @click=${() => (this.keyShown = !this.keyShown)}>${t.showKey}</button>
          </div>
          ${caption(t.language, choiceGroup(t.language, [['zh-CN', '中文'], ['en', 'English']] as const, d.locale, (locale) => this.edit({ locale }), 'locale'))}
        </div>
        <div class="keyboard">
          <p class="caption" ?inert=${this.editing !== null}>${t.keyboard.hint}</p>
          <lane-text-keyboard
            ?inert=${this.editing === null}
            .target=${this.editing ? (this.textFields[this.editing].value ?? null) : null}
            .label=${this.editing ? t.keyboard.typing(names[this.editing]) : ''}
            .words=${t.keyboard}
            @text-keyboard-done=${() => this.doneTyping()}
          ></lane-text-keyboard>
        </div>
      </fieldset>`,
      devices: () => html`<fieldset data-section="devices" ?inert=${this.section !== 'devices'}>
        <legend>${t.hardware}</legend>
        ${choiceGroup(t.hardware, [['virtual', t.virtualHardware], ['serial', t.serialHardware]] as const, d.hardware, (hardware) => this.edit({ hardware }), 'hardware')}
        ${caption(t.scannerKind, choiceGroup(t.scannerKind, [['serial', t.serialScanner], ['keyboard-wedge', t.wedgeScanner]] as const, d.scanner, (scanner) => this.edit({ scanner }), 'scanner'))}
        ${caption(
          t.scannerEncoding,
          choiceGroup(t.scannerEncoding, [['auto', t.encodingAuto], ['utf-8', 'UTF-8'], ['gb18030', 'GB18030']] as const, d.scannerEncoding, (scannerEncoding) => this.edit({ scannerEncoding }), 'scannerEncoding'),
        )}
        ${caption(
          t.scannerSuffix,
          choiceGroup(t.scannerSuffix, [['auto', t.suffixAuto], ['suffix', t.suffixOnly], ['idle', t.suffixIdle]] as const, d.scannerSuffix, (scannerSuffix) => this.edit({ scannerSuffix }), 'scannerSuffix'),
        )}
        <div class="row">
          <button type="button" @click=${() => this.fire('shell-pair', { role: 'printer' })}>${t.pairPrinter}</button>
          <button type="button" @click=${() => this.fire('shell-pair', { role: 'scanner' })}>${t.pairScanner}</button>
          <button type="button" @click=${() => this.fire('shell-test-print')}>${t.testPrint}</button>
          <button type="button" @click=${() => this.fire('shell-reprint')}>${t.reprintLast}</button>
        </div>
      </fieldset>`,
      printer: () => html`<fieldset data-section="printer" ?inert=${this.section !== 'printer'}>
        <legend>${t.printerModel}</legend>
        ${choiceGroup(t.printerModel, PRINTER_PROFILES.map((p) => [p.id, printerName(t, p)] as const), d.printerProfile, (printerProfile) => this.edit({ printerProfile }), 'printerProfile')}
      </fieldset>`,
      gate: () => this.renderGate(),
    } satisfies Record<SettingsSection, unknown>;
    const tabs = [['lane', t.lane], ['devices', t.hardware], ['printer', t.printerModel], ['gate', t.gate.mode]] as const;
    return html`${choiceGroup(t.settings, tabs, this.section, (section) => this.showSection(section), 'section')}
      <div class="sections">${SECTIONS.map((section) => sections[section]())}</div>
      <p class="note" role="status">${this.note}</p>
      ${this.problemNote()}
      <div class="actions">${this.backButton()}<button type="button" class="primary" @click=${() => this.save()}>${t.saveRestart}</button></div>`;
  }

  private renderGate() {
    const t = this.t.gate;
    const words = { less: this.t.less, more: this.t.more };
    const g = this.draft.gate;
    return html`<fieldset data-section="gate" ?inert=${this.section !== 'gate'}>
      <legend>${t.mode}</legend>
      ${choiceGroup(t.opener, [['relay', t.relay], ['platform', t.platform], ['none', t.none]] as const, g.mode, (mode) => this.editGate({ mode }), 'gateMode')}
      <div class="caption">${t.relayNumber}</div>
      ${stepper(t.relayNumber, g.relay, { min: 1, max: MAX_RELAY, step: 1 }, (relay) => this.editGate({ relay }), words, 'gateRelay')}
      <div class="caption">${t.pulseMs}</div>
      ${stepper(t.pulseMs, g.pulseMs, { min: MIN_PULSE_MS, max: MAX_PULSE_MS, step: 50 }, (pulseMs) => this.editGate({ pulseMs }), words, 'gatePulseMs')}
      <div class="caption">${t.baudRate}</div>
      ${choiceGroup(t.baudRate, GATE_BAUD_RATES.map((baud) => [baud, String(baud)] as const), g.baudRate, (baudRate) => this.editGate({ baudRate }), 'gateBaud')}
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

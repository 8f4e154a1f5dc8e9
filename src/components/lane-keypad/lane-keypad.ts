import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { emit } from '../shared/events.js';
import { keypadStyles } from './lane-keypad.styles.js';
import { messages } from '../shared/messages.js';
import { LocalizedElement } from '../shared/localized-element.js';

export type KeypadLayout = 'numeric' | 'decimal' | 'alphanumeric';
export type LaneKeypadInputEvent = CustomEvent<{ value: string }>;
export type LaneKeypadEnterEvent = CustomEvent<{ value: string }>;

const DELETE = Symbol('delete');
const CLEAR = Symbol('clear');
type Key = string | typeof DELETE | typeof CLEAR;

const ONE_TO_NINE = [...'123456789'];

/** The keys of each layout in screen order: a phone pad for digits (1 2 3 on top, 0 at the bottom). */
const LAYOUT_KEYS: Record<KeypadLayout, readonly Key[]> = {
  numeric: [...ONE_TO_NINE, CLEAR, '0', DELETE],
  decimal: [...ONE_TO_NINE, '.', '0', DELETE, CLEAR],
  alphanumeric: [...ONE_TO_NINE, '0', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', DELETE, CLEAR],
};

/**
 * @tag lane-keypad
 * @summary An on-screen keypad for staff at a touch-only kiosk: a PIN, an amount, a phone number,
 * a time, a staff id. Keys are at least 80 px on the kiosk; no physical keyboard is needed.
 *
 * The keypad shows what was typed (as dots when `masked`) and holds the value; every key press
 * reports the new value. A decimal point is taken once, and at most two digits after it (yuan and
 * fen). Keys beyond `maxlength` are ignored.
 *
 * @attr value - The text typed so far.
 * @attr layout - `numeric` (default: digits), `decimal` (digits and one point) or `alphanumeric` (digits and A–Z).
 * @attr maxlength - The longest value accepted (default 32).
 * @attr masked - Shows dots instead of the characters (a PIN).
 * @attr label - What is being typed; names the keypad for assistive technology and shows above the display.
 * @attr enter-label - When set, an enter key with this text ends the input.
 * @attr locale - `zh-CN` or `en`; unset, it follows the closest `lang` attribute (the element's, an ancestor's, the document's), for the delete and clear keys.
 * @prop format - How the display shows the value (e.g. digits as `HH:MM`); ignored when `masked`.
 *
 * @slot label - Replaces the `label` text above the display.
 *
 * @event {LaneKeypadInputEvent} lane-keypad-input - The value changed. Bubbles, composed.
 * @event {LaneKeypadEnterEvent} lane-keypad-enter - The enter key was pressed. Bubbles, composed.
 *
 * @csspart display - What was typed so far.
 * @csspart keys - The key grid.
 * @csspart key - A character key.
 * @csspart action - The delete and clear keys.
 * @csspart enter - The enter key.
 *
 * @cssprop --lane-keypad-key-size - Height of a key, and the least width of one (default 80px).
 * @cssprop --lane-keypad-columns - Keys in a row (default 3; 8 for alphanumeric).
 * @cssprop --lane-keypad-rows - Rows of keys to keep room for (default none: as many as the layout has), so a host that switches layouts (digits, then A–Z) does not change size.
 * @cssprop --lane-primary - Colour of the enter key.
 * @cssprop --lane-text - Text colour (default #0f172a).
 * @cssprop --lane-font - Font stack.
 * @cssprop --lane-muted - Colour of hints and secondary text (default #475569).
 * @cssprop --lane-panel - Background of cards and keys (default white).
 */
export class LaneKeypad extends LocalizedElement {
  static override styles = keypadStyles;

  @property({ type: String }) value = '';
  @property({ type: String, reflect: true }) layout: KeypadLayout = 'numeric';
  @property({ type: Number }) maxlength = 32;
  @property({ type: Boolean }) masked = false;
  @property({ type: String }) label = '';
  @property({ type: String, attribute: 'enter-label' }) enterLabel = '';
  @property({ attribute: false }) format: ((value: string) => string) | null = null;

  /** The value after `key`, or the same value when the key cannot go there. */
  private typed(key: string): string {
    if (this.value.length >= this.maxlength) return this.value;
    if (key === '.') return this.value.includes('.') ? this.value : `${this.value || '0'}.`;
    const point = this.value.indexOf('.');
    if (point >= 0 && this.value.length - point > 2) return this.value;
    return this.value + key;
  }

  private change(value: string): void {
    if (value === this.value) return;
    this.value = value;
    emit(this, 'lane-keypad-input', { value });
  }

  protected override render() {
    const t = messages(this.locale).keyboard;
    const shown = this.masked ? '•'.repeat(this.value.length) : this.format ? this.format(this.value) : this.value;
    return html`<div role="group" aria-labelledby="label">
      <div id="label" class="label"><slot name="label">${this.label}</slot></div>
      <output part="display" aria-live="polite">${shown}</output>
      <div part="keys">
        ${(LAYOUT_KEYS[this.layout] ?? LAYOUT_KEYS.numeric).map((key) =>
          key === DELETE
            ? html`<button type="button" part="action" aria-label=${t.delete} @click=${() => this.change(this.value.slice(0, -1))}>⌫</button>`
            : key === CLEAR
              ? html`<button type="button" part="action" @click=${() => this.change('')}>${t.clear}</button>`
              : html`<button type="button" part="key" @click=${() => this.change(this.typed(key))}>${key}</button>`,
        )}
        ${this.enterLabel
          ? html`<button type="button" part="enter" @click=${() => emit(this, 'lane-keypad-enter', { value: this.value })}>${this.enterLabel}</button>`
          : nothing}
      </div>
    </div>`;
  }
}

if (!customElements.get('lane-keypad')) customElements.define('lane-keypad', LaneKeypad);

declare global {
  interface HTMLElementTagNameMap {
    'lane-keypad': LaneKeypad;
  }
  interface HTMLElementEventMap {
    'lane-keypad-input': LaneKeypadInputEvent;
    'lane-keypad-enter': LaneKeypadEnterEvent;
  }
}

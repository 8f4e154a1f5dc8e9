/**
 * An on-screen keyboard that types into a text field, for a kiosk with no physical keyboard: the
 * settings panel's proxy URL, lane and lane key. It types as a keyboard does, at the field's caret
 * (replacing a selection) and with the field's own `input` event, so the page hears one kind of
 * typing whether it came from these keys or from a real keyboard, which keeps working.
 *
 * Two pages of the same 4 × 8 cells, so nothing moves between them: lower-case letters with a shift
 * (capitals until tapped again), and digits with the characters of URLs, lane ids and keys. The page
 * switch, delete, clear and done keys keep their cells on both pages. The keys look like the staff
 * PIN keypad's (its styles, at least 80 px); the words come from the host, in its language.
 *
 * A key press leaves the focus (and so the caret) in the field: the keys take no focus from a tap.
 *
 * Event: `text-keyboard-done` when the done key is tapped.
 */
import { css, html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keypadStyles } from '../src/components/lane-keypad/lane-keypad.styles.js';
import type { SettingsMessages } from './settings-panel.messages.js';

export type TextKeyboardWords = SettingsMessages['keyboard'];

const SHIFT = Symbol('shift');
const PAGE = Symbol('page');
const DELETE = Symbol('delete');
const CLEAR = Symbol('clear');
type Key = string | typeof SHIFT | typeof PAGE | typeof DELETE | typeof CLEAR;
type Page = 'letters' | 'symbols';

/** What the done key leaves of a row: it spans the last two cells of both pages. */
const ACTIONS: readonly Key[] = [PAGE, DELETE, CLEAR];

/** Each page in screen order; both fill 30 cells before the two-cell done key. */
const PAGES: Record<Page, readonly Key[]> = {
  letters: [...'abcdefghijklmnopqrstuvwxyz', SHIFT, ...ACTIONS],
  symbols: [...'1234567890', ...'.:/-_@~%+=?&#!*$,', ...ACTIONS],
};

function typeInto(input: HTMLInputElement, text: string, from: number, to: number, inputType: string): void {
  input.setRangeText(text, from, to, 'end');
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType, data: text || null }));
}

export class LaneTextKeyboard extends LitElement {
  static override styles = [
    keypadStyles,
    css`
      :host {
        --lane-keypad-columns: 8;
      }
      [part='enter'] {
        grid-column: span 2;
      }
      [aria-pressed='true'] {
        background: var(--lane-primary, #0958d9);
        border-color: var(--lane-primary, #0958d9);
        color: #fff;
      }
    `,
  ];

  /** The field the keys type into; none, and the keys do nothing. */
  @property({ attribute: false }) target: HTMLInputElement | null = null;
  /** What is being typed; names the keyboard and shows above the keys. */
  @property({ type: String }) label = '';
  @property({ attribute: false }) words!: TextKeyboardWords;
  /** Letters or digits and symbols; what the page key turns to. */
  @state() page: Page = 'letters';
  /** The shift: letters type as capitals while it is down. */
  @state() capitals = false;

  private caret(input: HTMLInputElement): { from: number; to: number } {
    const end = input.value.length;
    return { from: input.selectionStart ?? end, to: input.selectionEnd ?? end };
  }

  private type(text: string): void {
    if (!this.target) return;
    const { from, to } = this.caret(this.target);
    typeInto(this.target, text, from, to, 'insertText');
  }

  private deleteBack(): void {
    if (!this.target) return;
    const { from, to } = this.caret(this.target);
    if (from === to && from === 0) return;
    typeInto(this.target, '', from === to ? from - 1 : from, to, 'deleteContentBackward');
  }

  private clear(): void {
    if (!this.target?.value) return;
    typeInto(this.target, '', 0, this.target.value.length, 'deleteContent');
  }

  private key(key: Key) {
    const w = this.words;
    switch (key) {
      case SHIFT:
        return html`<button type="button" part="action" aria-label=${w.capitals} aria-pressed=${this.capitals ? 'true' : 'false'} @click=${() => (this.capitals = !this.capitals)}>⇧</button>`;
      case PAGE: {
        const [text, name, next] = this.page === 'letters' ? [w.symbols, w.symbolsName, 'symbols' as const] : [w.letters, w.lettersName, 'letters' as const];
        return html`<button type="button" part="action" aria-label=${name} @click=${() => (this.page = next)}>${text}</button>`;
      }
      case DELETE:
        return html`<button type="button" part="action" aria-label=${w.delete} @click=${() => this.deleteBack()}>⌫</button>`;
      case CLEAR:
        return html`<button type="button" part="action" @click=${() => this.clear()}>${w.clear}</button>`;
      default: {
        const text = this.capitals ? key.toUpperCase() : key;
        return html`<button type="button" part="key" @click=${() => this.type(text)}>${text}</button>`;
      }
    }
  }

  override render() {
    return html`<div role="group" aria-labelledby="label" @mousedown=${(e: Event) => e.preventDefault()}>
      <div id="label" class="label">${this.label}</div>
      <div part="keys">
        ${PAGES[this.page].map((key) => this.key(key))}
        <button type="button" part="enter" @click=${() => this.dispatchEvent(new CustomEvent('text-keyboard-done', { bubbles: true, composed: true }))}>${this.words.done}</button>
      </div>
    </div>`;
  }
}

if (!customElements.get('lane-text-keyboard')) customElements.define('lane-text-keyboard', LaneTextKeyboard);

declare global {
  interface HTMLElementTagNameMap {
    'lane-text-keyboard': LaneTextKeyboard;
  }
}

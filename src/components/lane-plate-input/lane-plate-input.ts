import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { checkPlate, PLATE_SUFFIXES, PROVINCES } from '../../core/plate.js';
import { layoutAt, PLATE_DIGITS, PLATE_LETTERS, plateKeyFromKeyboard, plateLength } from '../../core/plate-keyboard.js';
import { emit } from '../shared/events.js';
import { messages } from '../shared/messages.js';
import { plateInputStyles } from './lane-plate-input.styles.js';
import { LocalizedElement } from '../shared/localized-element.js';

export type LanePlateChangeEvent = CustomEvent<{ value: string; complete: boolean; valid: boolean }>;
export type LanePlateSubmitEvent = CustomEvent<{ plate: string }>;

/** Each group starts on a row of its own; the styles choose how many keys a row holds for the width. */
const KEY_GROUPS = { province: [PROVINCES], alphanumeric: [PLATE_DIGITS, PLATE_LETTERS, PLATE_SUFFIXES] } as const;

/**
 * @tag lane-plate-input
 * @summary An on-screen keyboard for Chinese licence plates, for touch screens at the lane.
 *
 * The first cell opens the province page, later cells the letters-and-digits page. Only the keys
 * the plate rules allow at the current cell are enabled: no digit second, never I or O, suffixes
 * (学 警 港 澳…) only last, and the new-energy layouts in eight-character mode. Tapping a cell
 * moves the cursor there to correct it. A physical keyboard works too (letters, digits,
 * Backspace, Enter), and a pasted plate is taken whole.
 *
 * @attr value - The plate typed so far (normalised, e.g. "沪A12345").
 * @attr new-energy - Eight cells for new-energy plates instead of seven.
 * @attr locale - `zh-CN` or `en`; unset, it follows the closest `lang` attribute (the element's, an ancestor's, the document's).
 * @attr disabled - Shows the plate but takes no input.
 *
 * @event {LanePlateChangeEvent} lane-plate-change - The plate changed. Bubbles, composed.
 *
 * @event {LanePlateSubmitEvent} lane-plate-submit - OK was pressed (or Enter) on a valid plate. Bubbles, composed.
 *
 *
 * @csspart cells - The row of character cells.
 * @csspart cell - One character cell; the current one also has part `cell-current`.
 * @csspart keyboard - The key grid.
 * @csspart key - A character key.
 * @csspart action - The mode, delete, clear and OK keys.
 * @csspart confirm - The OK key.
 * @csspart cell-current - The cell the next key goes to (also part `cell`).
 *
 * @cssprop --lane-key-size - Height of a key; never below 48px (default: 80px, taller on a tall screen).
 * @cssprop --lane-accent - Colour of the current cell and the OK key.
 * @cssprop --lane-plate-new-energy - Cell colour in new-energy mode (default green).
 * @cssprop --lane-space - Gap between the cells and the keyboard (default 0.75rem).
 * @cssprop --lane-text - Text colour (default #0f172a).
 * @cssprop --lane-font - Font stack.
 * @cssprop --lane-success - Colour of good news: free spaces, paid (default #237804).
 */
export class LanePlateInput extends LocalizedElement {
  static override styles = plateInputStyles;

  @property({ type: String }) value = '';
  @property({ type: Boolean, attribute: 'new-energy', reflect: true }) newEnergy = false;
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** The cell the next key goes into. */
  /** Where the next key goes (0-based), shown as the highlighted box. */
  @state() cursor = 0;

  constructor() {
    super();
    this.addEventListener('keydown', (event) => this.onPhysicalKey(event));
    this.addEventListener('paste', (event) => this.onPaste(event));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
  }

  /** The typed characters (a province is one character, like every other). */
  get chars(): string[] {
    return [...this.value];
  }

  /** Empties the plate and puts the cursor on the province. */
  clear(): void {
    this.edit(() => ((this.value = ''), (this.cursor = 0)));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value') || changed.has('newEnergy')) {
      const length = plateLength(this.newEnergy);
      if (this.chars.length > length) this.value = this.chars.slice(0, length).join('');
      // A plate given from outside (or at creation, when the constructor's cursor counts as changed too) is continued at its end.
      if (changed.has('value') && (!changed.has('cursor') || !this.hasUpdated)) this.cursor = this.chars.length;
      this.cursor = Math.min(this.cursor, this.chars.length);
    }
  }

  override render() {
    const t = messages(this.locale).keyboard;
    const length = plateLength(this.newEnergy);
    const chars = this.chars;
    // Past the last cell of a full plate nothing can be typed; a tapped cell can still be changed.
    const full = this.cursor >= length;
    const layout = full ? { page: 'alphanumeric' as const, allowed: new Set<string>() } : layoutAt(chars, this.cursor, this.newEnergy);
    const check = checkPlate(this.value);
    const complete = chars.length === length;
    const status = complete ? (check.ok ? t.complete(this.value) : t.notValid) : t.incomplete(length - chars.length);
    return html`
      <div part="cells" class="cells" role="group" aria-label=${messages(this.locale).plateLabel}>
        ${Array.from({ length }, (_, i) => {
          const current = i === this.cursor && !this.disabled;
          return html`<button
            type="button"
            part=${current ? 'cell cell-current' : 'cell'}
            class=${`cell${current ? ' current' : ''}${i === 2 && !this.newEnergy ? ' gap' : ''}`}
            aria-label=${t.cell(i + 1, chars[i] ?? '')}
            aria-current=${current ? 'true' : 'false'}
            ?disabled=${this.disabled || i > chars.length}
            @click=${() => (this.cursor = i)}
          >
            ${chars[i] ?? ''}
          </button>`;
        })}
      </div>
      <p class="status" role="status" aria-live="polite" data-valid=${String(complete && check.ok)}>${status}</p>
      <div part="keyboard" class="keyboard" role="group" aria-label=${t.label} data-page=${layout.page}>
        <div class="keys">
          ${KEY_GROUPS[layout.page].flatMap((group) =>
            [...group].map(
              (key, i) =>
                html`<button
                  type="button"
                  part="key"
                  class=${i === 0 ? `key group-start${group === PLATE_LETTERS ? ' follows-digits' : ''}` : 'key'}
                  data-key=${key}
                  ?disabled=${this.disabled || !layout.allowed.has(key)}
                  @click=${() => this.type(key)}
                >
                  ${key}
                </button>`,
            ),
          )}
        </div>
        <div class="actions">
          <button type="button" part="action" class="action mode" aria-pressed=${String(this.newEnergy)} ?disabled=${this.disabled} @click=${this.toggleNewEnergy}>
            ${this.newEnergy ? t.ordinary : t.newEnergy}
          </button>
          <button type="button" part="action" class="action" ?disabled=${this.disabled || chars.length === 0} @click=${this.deleteOne}>${t.delete}</button>
          <button type="button" part="action" class="action" ?disabled=${this.disabled || chars.length === 0} @click=${this.clear}>${t.clear}</button>
          <button type="button" part="action confirm" class="action confirm" ?disabled=${this.disabled || !(complete && check.ok)} @click=${this.submit}>${t.confirm}</button>
        </div>
      </div>
    `;
  }

  /** Puts `key` into the current cell (if the rules allow it there) and moves on. */
  type(key: string): void {
    if (this.disabled || this.cursor >= plateLength(this.newEnergy) || !layoutAt(this.chars, this.cursor, this.newEnergy).allowed.has(key)) return;
    this.edit(() => {
      const chars = this.chars;
      chars[this.cursor] = key;
      // A changed third character of a new-energy plate may invalidate what follows it.
      const kept = this.cursor === 2 && this.newEnergy ? chars.slice(0, 3) : chars;
      this.value = kept.join('');
      this.cursor = Math.min(this.cursor + 1, kept.length);
    });
  }

  private deleteOne = (): void => {
    this.edit(() => {
      const chars = this.chars;
      // On a filled cell, delete it; on the empty cell after the last, delete the last.
      const at = this.cursor < chars.length ? this.cursor : chars.length - 1;
      if (at < 0) return;
      chars.splice(at, 1);
      this.value = chars.join('');
      this.cursor = at;
    });
  };

  private toggleNewEnergy = (): void => {
    this.edit(() => {
      this.newEnergy = !this.newEnergy;
      const length = plateLength(this.newEnergy);
      if (this.chars.length > length) this.value = this.chars.slice(0, length).join('');
      this.cursor = this.chars.length;
    });
  };

  private submit = (): void => {
    const check = checkPlate(this.value);
    if (this.disabled || !check.ok || this.chars.length !== plateLength(this.newEnergy)) return;
    emit(this, 'lane-plate-submit', { plate: check.plate });
  };

  private onPhysicalKey(event: KeyboardEvent): void {
    if (this.disabled || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Backspace') this.deleteOne();
    else if (event.key === 'Enter') this.submit();
    else if (event.key === 'ArrowLeft') this.cursor = Math.max(0, this.cursor - 1);
    else if (event.key === 'ArrowRight') this.cursor = Math.min(this.chars.length, this.cursor + 1);
    else {
      const key = plateKeyFromKeyboard(event.key);
      if (key === null) return;
      this.type(key);
    }
    event.preventDefault();
  }

  private onPaste(event: ClipboardEvent): void {
    const check = checkPlate(event.clipboardData?.getData('text') ?? '');
    if (this.disabled || !check.ok) return;
    event.preventDefault();
    this.edit(() => {
      this.newEnergy = check.plate.length === 8;
      this.value = check.plate;
      this.cursor = check.plate.length;
    });
  }

  /** Applies one user edit and announces the new value once. */
  private edit(edit: () => void): void {
    const before = this.value;
    edit();
    if (this.value === before) return;
    const check = checkPlate(this.value);
    emit(this, 'lane-plate-change', {
      value: this.value,
      complete: this.chars.length === plateLength(this.newEnergy),
      valid: check.ok && this.chars.length === plateLength(this.newEnergy),
    });
  }
}

if (!customElements.get('lane-plate-input')) customElements.define('lane-plate-input', LanePlateInput);

declare global {
  interface HTMLElementTagNameMap {
    'lane-plate-input': LanePlateInput;
  }
  interface HTMLElementEventMap {
    'lane-plate-change': LanePlateChangeEvent;
    'lane-plate-submit': LanePlateSubmitEvent;
  }
}

import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { StaffPinHash } from '../../core/quote.js';
import { formatBeijing } from '../../core/time.js';
import type { DeadLetter, Outbox } from '../../offline/outbox.js';
import { staffPinMatches } from '../../offline/staff-pin.js';
import { emit } from '../shared/events.js';
import { messages } from '../shared/messages.js';
import { LocalizedElement } from '../shared/localized-element.js';

/**
 * @tag lane-dead-letters
 * @summary Staff view of the lane events the platforms refused: what, why, when; retry them all
 * or export them as JSON. Behind the lane's staff PIN, since the records hold plates.
 *
 * @prop outbox - The lane's Outbox.
 * @prop staffPin - The lane's PIN hash (`StaffPinHash`).
 * @attr locale - `zh-CN` or `en`; unset, it follows the closest `lang` attribute (the element's, an ancestor's, the document's).
 *
 * @event {Event} lane-dead-letters-close - Staff closed the view. Bubbles, composed.
 *
 * @csspart panel - The dialog box.
 */
export class LaneDeadLetters extends LocalizedElement {
  static override styles = css`
    [part='panel'] {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      padding: 1.5rem;
      background: #fff;
      border-radius: 1rem;
      max-height: 80vh;
      overflow: auto;
      min-width: min(40rem, 90vw);
      font-size: 1.1rem;
    }
    table {
      border-collapse: collapse;
    }
    td,
    th {
      text-align: left;
      padding: 0.25rem 0.5rem;
      border-bottom: 1px solid #e2e8f0;
    }
    button,
    input {
      font: inherit;
      min-height: 48px;
      padding: 0 1rem;
    }
    .actions {
      display: flex;
      gap: 0.75rem;
      justify-content: flex-end;
    }
  `;

  @property({ attribute: false }) outbox: Outbox | null = null;
  @property({ attribute: false }) staffPin: StaffPinHash | null = null;
  @state() private letters: DeadLetter[] = [];
  @state() private unlocked = false;
  @state() private wrongPin = false;

  private async unlock(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const pin = String(new FormData(event.target as HTMLFormElement).get('pin') ?? '');
    if (!this.staffPin || !(await staffPinMatches(pin, this.staffPin))) {
      this.wrongPin = true;
      return;
    }
    // Load first, so the table never shows empty for a moment.
    await this.reload();
    this.unlocked = true;
  }

  private async reload(): Promise<void> {
    this.letters = (await this.outbox?.deadLetters()) ?? [];
  }

  private async retryAll(): Promise<void> {
    for (const letter of this.letters) await this.outbox?.retryDeadLetter(letter.key);
    await this.reload();
  }

  private async exportAll(): Promise<void> {
    const json = (await this.outbox?.exportDeadLetters()) ?? '[]';
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    link.download = `lane-dead-letters-${Date.now()}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  protected override render() {
    const t = messages(this.locale);
    const close = html`<button @click=${() => emit(this, 'lane-dead-letters-close')}>${t.staff.cancel}</button>`;
    if (!this.unlocked) {
      return html`<div role="dialog" aria-label=${t.deadLetters(this.letters.length)}><form part="panel" @submit=${this.unlock}>
        <label>${t.staff.enterPin} <input name="pin" type="password" inputmode="numeric" autocomplete="off" required /></label>
        ${this.wrongPin ? html`<p role="alert">${t.staff.wrongPin}</p>` : nothing}
        <div class="actions">${close}<button type="submit">${t.staff.unlock}</button></div>
      </form></div>`;
    }
    return html`<div part="panel" role="dialog" aria-label=${t.deadLetters(this.letters.length)}>
      <table>
        <thead><tr><th>${t.entryTime}</th><th>type</th><th>${t.plateLabel}</th><th>reason</th></tr></thead>
        <tbody>
          ${this.letters.map(
            (letter) => html`<tr>
              <td>${formatBeijing(letter.createdAt)}</td>
              <td>${letter.type}</td>
              <td>${(letter.payload as { plate?: string }).plate ?? ''}</td>
              <td>${letter.reason}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <div class="actions">
        ${close}
        <button @click=${() => void this.exportAll()}>export JSON</button>
        <button @click=${() => void this.retryAll()}>${t.retry}</button>
      </div>
    </div>`;
  }
}

if (!customElements.get('lane-dead-letters')) customElements.define('lane-dead-letters', LaneDeadLetters);

declare global {
  interface HTMLElementTagNameMap {
    'lane-dead-letters': LaneDeadLetters;
  }
  interface HTMLElementEventMap {
    'lane-dead-letters-close': Event;
  }
}

import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatCountdown } from '../../core/time.js';
import { feeMessages, money } from '../shared/fee-messages.js';
import { payQrStyles } from './lane-pay-qr.styles.js';
import { drawQrCode } from '../shared/qr-canvas.js';
import { emit } from '../shared/events.js';
import { LocalizedElement } from '../shared/localized-element.js';

export type LaneQrExpiredEvent = CustomEvent<{ value: string }>;

/**
 * @tag lane-pay-qr
 * @summary A pay QR with the amount in large type and a countdown to the quote's expiry.
 *
 * @attr value - The URL the QR encodes (a Quote's payUrl).
 * @attr amount-fen - The amount to show, in fen; without it the code stands alone (e.g. a lane QR).
 * @attr label - What the code is for, read to screen readers (default: "scan to pay").
 * @attr expires-at - ISO 8601 instant the QR stops being valid.
 * @attr paid - Shows the paid state over the code.
 * @attr locale - `zh-CN` or `en`; unset, it follows the closest `lang` attribute (the element's, an ancestor's, the document's).
 *
 * @event {LaneQrExpiredEvent} lane-qr-expired - The countdown reached zero. Bubbles, composed.
 * @event {Event} lane-qr-rendered - The code was drawn on the canvas (not bubbling); screenshots wait for it.
 *
 * @csspart code - The box around the QR canvas.
 * @csspart amount - The amount.
 * @csspart countdown - The remaining time.
 * @csspart paid-mark - The "paid" text shown when `paid` is set.
 *
 * @cssprop --lane-qr-size - Edge of the QR (default 320px).
 * @cssprop --lane-amount-size - Font size of the amount (default 4rem).
 * @cssprop --lane-accent - Colour of the amount.
 * @cssprop --lane-success - Colour of the paid mark.
 * @cssprop --lane-space - Gap between the code, the amount and the countdown (default 1rem).
 * @cssprop --lane-text - Text colour (default #0f172a).
 * @cssprop --lane-font - Font stack.
 * @cssprop --lane-muted - Colour of hints and secondary text (default #475569).
 */
export class LanePayQr extends LocalizedElement {
  static override styles = payQrStyles;

  @property({ type: String }) value = '';
  @property({ type: Number, attribute: 'amount-fen' }) amountFen: number | null = null;
  @property({ type: String }) label = '';
  @property({ type: String, attribute: 'expires-at' }) expiresAt = '';
  @property({ type: Boolean, reflect: true }) paid = false;
  @state() private remainingSeconds: number | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('expiresAt') || changed.has('paid')) this.restartCountdown();
  }

  protected override async updated(changed: PropertyValues<this>): Promise<void> {
    if (changed.has('value')) await this.drawCode();
  }

  private restartCountdown(): void {
    clearInterval(this.ticker);
    const expiresMs = Date.parse(this.expiresAt);
    if (this.paid || !Number.isFinite(expiresMs)) {
      this.remainingSeconds = null;
      return;
    }
    const tick = () => {
      this.remainingSeconds = Math.max(0, Math.ceil((expiresMs - Date.now()) / 1000));
      if (this.remainingSeconds === 0) {
        clearInterval(this.ticker);
        emit(this, 'lane-qr-expired', { value: this.value });
      }
    };
    tick();
    this.ticker = setInterval(tick, 1000);
  }

  private async drawCode(): Promise<void> {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas || !this.value) return;
    // Margin 4 is the quiet zone the QR standard asks for; phones in sunlight need it. The element's
    // --lane-qr-size decides how big the 640-pixel image shows.
    drawQrCode(canvas, this.value, { errorCorrectionLevel: 'M', margin: 4, width: 640 });
    // Announced once the update that drew it has completed, never during it: a kiosk that awaits its
    // own update and then listens still hears it, as when qrcode drew asynchronously.
    await this.updateComplete;
    this.dispatchEvent(new Event('lane-qr-rendered'));
  }

  protected override render() {
    const t = feeMessages(this.locale);
    const remaining = this.remainingSeconds;
    // The countdown changes every second: inside a kiosk's live screen it must not be read out each time.
    return html`
      <div part="code"><canvas role="img" aria-label=${this.label || t.scanToPay}></canvas></div>
      ${this.paid ? html`<div part="paid-mark" role="status">${t.paySuccess}</div>` : nothing}
      ${this.amountFen === null ? nothing : html`<div part="amount">${money(this.amountFen)}</div>`}
      ${remaining === null ? nothing : html`<div part="countdown" aria-live="off">${t.expiresIn(formatCountdown(remaining))}</div>`}
    `;
  }
}

if (!customElements.get('lane-pay-qr')) customElements.define('lane-pay-qr', LanePayQr);

declare global {
  interface HTMLElementTagNameMap {
    'lane-pay-qr': LanePayQr;
  }
  interface HTMLElementEventMap {
    'lane-qr-expired': LaneQrExpiredEvent;
    'lane-qr-rendered': Event;
  }
}

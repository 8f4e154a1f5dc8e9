import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { PartnerClient } from '../../client/partner-client.js';
import { checkPlate } from '../../core/plate.js';
import type { Quote } from '../../core/quote.js';
import { feeWidgetStyles } from './lane-fee-widget.styles.js';
import { emit } from '../shared/events.js';
import '../lane-pay-qr/lane-pay-qr.js';
import { feeMessages, money } from '../shared/fee-messages.js';
import { classifyLookupError, lookupErrorText, SETUP_KINDS, type LaneFeeError } from './lane-fee-widget.messages.js';
import { LocalizedElement } from '../shared/localized-element.js';

export type { LaneFeeError, LaneFeeErrorKind } from './lane-fee-widget.messages.js';

type WidgetState = { name: 'ready' } | { name: 'looking-up' } | { name: 'found'; quote: Quote } | { name: 'failed'; error: LaneFeeError };

export type LaneFeeErrorEvent = CustomEvent<LaneFeeError>;

/**
 * @tag lane-fee-widget
 * @summary Fee lookup for partner pages: plate in, fee and pay QR/link out. No hardware, no secrets.
 *
 * @attr proxy-url - Base URL of the lane-kiosk proxy.
 * @attr lot - The lot id to look fees up in.
 * @attr partner-key - The partner's public widget key (honoured only from the partner's origins).
 * @attr locale - `zh-CN` or `en`; unset, it follows the closest `lang` attribute (the element's, an ancestor's, the document's).
 *
 * @event {LaneQuoteEvent} lane-quote - A fee was found. Bubbles, composed.
 * @event {LaneFeeErrorEvent} lane-error - The lookup failed. Bubbles, composed.:
 *   `kind` is one of invalid-plate, partner-key, lot-not-allowed, origin-not-allowed, rate-limited,
 *   platform-down, unreachable, timeout, refused; `code` the proxy's precise code; `message` its explanation.
 *
 * @csspart card - The widget's panel (its padding, background and shadow).
 * @csspart form - The plate form.
 * @csspart result - The fee, QR and pay link.
 * @csspart pay-link - The "pay now" link.
 * @csspart error - The words for a failed lookup; its `data-code` attribute holds the precise code.
 *
 * @cssprop --lane-primary - Button colour.
 * @cssprop --lane-widget-width - Maximum width (default 24rem).
 * @cssprop --lane-font - Font stack.
 * @cssprop --lane-widget-radius - Corner radius of the card (default 12px).
 * @cssprop --lane-panel - Background of cards and keys (default white).
 * @cssprop --lane-text - Text colour (default #0f172a).
 * @cssprop --lane-muted - Colour of hints and secondary text (default #475569).
 * @cssprop --lane-danger - Colour of alerts and refusals (default #a8071a).
 */
export class LaneFeeWidget extends LocalizedElement {
  static override styles = feeWidgetStyles;

  @property({ type: String, attribute: 'proxy-url' }) proxyUrl = '';
  @property({ type: String }) lot = '';
  @property({ type: String, attribute: 'partner-key' }) partnerKey = '';
  @state() private state: WidgetState = { name: 'ready' };
  private inFlight: AbortController | null = null;


  private async lookUp(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const check = checkPlate(new FormData(event.target as HTMLFormElement).get('plate')?.toString() ?? '');
    if (!check.ok) {
      this.fail({ kind: 'invalid-plate', code: check.problem, message: check.message });
      return;
    }
    this.inFlight?.abort();
    const inFlight = new AbortController();
    this.inFlight = inFlight;
    this.state = { name: 'looking-up' };
    try {
      const client = new PartnerClient({ proxyUrl: this.proxyUrl, lotId: this.lot, partnerKey: this.partnerKey });
      const quote = await client.lookUpFee(check.plate, inFlight.signal);
      if (inFlight.signal.aborted) return;
      this.state = { name: 'found', quote };
      emit(this, 'lane-quote', { quote });
    } catch (error) {
      if (inFlight.signal.aborted) return;
      this.fail(classifyLookupError(error));
    }
  }

  private fail(error: LaneFeeError): void {
    this.state = { name: 'failed', error };
    // The page's developer looks in the console first; the driver sees words, never this.
    if (SETUP_KINDS.has(error.kind)) console.warn(`<lane-fee-widget>: ${error.code}: ${error.message}`);
    emit(this, 'lane-error', error);
  }

  protected override render() {
    const t = feeMessages(this.locale);
    const busy = this.state.name === 'looking-up';
    return html`
      <div part="card" class="card">
        <h2>${t.widgetTitle}</h2>
        <p class="hint">${t.widgetHint}</p>
        <form part="form" @submit=${this.lookUp}>
          <input name="plate" aria-label=${t.plateLabel} placeholder=${t.platePlaceholder} autocomplete="off" maxlength="12" required />
          <button type="submit" ?disabled=${busy}>${t.query}</button>
        </form>
        <div aria-live="polite">${this.renderResult()}</div>
      </div>
    `;
  }

  private renderResult() {
    const t = feeMessages(this.locale);
    const state = this.state;
    switch (state.name) {
      case 'ready':
        return nothing;
      case 'looking-up':
        return html`<p class="muted">${t.querying('')}</p>`;
      case 'failed':
        return html`<p part="error" class="error" role="alert" data-code=${state.error.code}>${lookupErrorText(state.error, this.locale)}</p>`;
      case 'found': {
        const quote = state.quote;
        if (quote.status === 'no-entry-record') return html`<p part="result">${quote.plate}: ${t.noEntryRecord} · ${t.checkPlate}</p>`;
        // The stay, where the platform gave its entry: a free car's driver sees why it is free.
        const stay = html`<p><strong>${quote.plate}</strong>${quote.enteredAt || quote.status === 'due' ? html` · ${t.duration} ${t.minutes(quote.minutes)}` : nothing}</p>`;
        if (quote.status === 'nothing-to-pay') return html`<div part="result">${stay}<p>${t.nothingToPay}</p></div>`;
        return html`
          <div part="result">
            ${stay}
            <lane-pay-qr .value=${quote.payUrl ?? ''} .amountFen=${quote.dueFen} .expiresAt=${quote.expiresAt} .locale=${this.locale}></lane-pay-qr>
            <a part="pay-link" href=${quote.payUrl ?? '#'} target="_blank" rel="noopener">${t.payLink} ${money(quote.dueFen)}</a>
          </div>
        `;
      }
    }
  }
}

if (!customElements.get('lane-fee-widget')) customElements.define('lane-fee-widget', LaneFeeWidget);

declare global {
  interface HTMLElementTagNameMap {
    'lane-fee-widget': LaneFeeWidget;
  }
  interface HTMLElementEventMap {
    'lane-error': LaneFeeErrorEvent;
  }
}

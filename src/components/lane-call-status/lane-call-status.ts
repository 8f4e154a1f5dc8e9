import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { isLiveCall, type LaneCallState } from '../../client/lane-call.js';
import { emit } from '../shared/events.js';
import { LocalizedElement } from '../shared/localized-element.js';
import { callStatusMessages } from './lane-call-status.messages.js';
import { callStatusStyles } from './lane-call-status.styles.js';

export type LaneCallHangUpEvent = CustomEvent<undefined>;

/**
 * @tag lane-call-status
 * @summary The driver's view of a call to the remote attendant, in large type read from a car window.
 *
 * Shows 正在呼叫 / 正在接通 / 通话中 with a hang-up button, 无人接听 or 无法接通 with the lot's phone
 * number, and 通话已结束; nothing while there is no call.
 *
 * @attr state - The call's state (`LaneCallState`): idle, ringing, connecting, in-call, unanswered, ended or failed.
 * @attr phone - The lot's phone number, shown when nobody answers or the call cannot connect.
 * @attr locale - `zh-CN` or `en`; unset, it follows the closest `lang` attribute.
 *
 * @event {LaneCallHangUpEvent} lane-call-hang-up - The driver pressed 挂断. Bubbles, composed.
 *
 * @csspart card - The call card.
 * @csspart hang-up - The hang-up button.
 *
 * @cssprop --lane-call-accent - The card's border colour (default #1d4ed8).
 */
export class LaneCallStatus extends LocalizedElement {
  static override styles = callStatusStyles;
  @property({ type: String }) state: LaneCallState = 'idle';
  /** The lot's phone number, shown when nobody answers or the call cannot connect. */
  @property({ type: String }) phone: string | null = null;

  override render() {
    if (this.state === 'idle') return nothing;
    const t = callStatusMessages(this.locale);
    const live = isLiveCall(this.state);
    const text = { ringing: t.ringing, connecting: t.connecting, 'in-call': t.inCall, unanswered: t.unanswered, failed: t.failed, ended: t.ended }[this.state];
    const phone = (this.state === 'unanswered' || this.state === 'failed') && this.phone;
    return html`<div class="card" part="card" role=${live ? 'status' : 'alert'} data-state=${this.state}>
      <div>${text}</div>
      ${phone ? html`<div class="phone">${t.callPhone(phone)}</div>` : nothing}
      ${live ? html`<button part="hang-up" @click=${() => emit(this, 'lane-call-hang-up')}>${t.hangUp}</button>` : nothing}
    </div>`;
  }
}

if (!customElements.get('lane-call-status')) customElements.define('lane-call-status', LaneCallStatus);

declare global {
  interface HTMLElementTagNameMap {
    'lane-call-status': LaneCallStatus;
  }
  interface HTMLElementEventMap {
    'lane-call-hang-up': LaneCallHangUpEvent;
  }
}

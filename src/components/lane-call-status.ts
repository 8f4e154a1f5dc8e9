/**
 * The driver's view of a call to the remote attendant, in large type read from a car window:
 * 正在呼叫 / 正在接通 / 通话中 with a hang-up button, 无人接听 or 无法接通 with the lot's phone number,
 * and 通话已结束. Renders nothing while there is no call.
 *
 * @event lane-call-hang-up - The driver pressed 挂断. Bubbles, composed.
 *
 * @csspart card - The call card.
 * @csspart hang-up - The hang-up button.
 *
 * @cssprop --lane-call-accent - The card's accent colour (default #1d4ed8).
 */
import { LitElement, css, html, nothing } from 'lit';
import type { LaneCallState } from '../client/lane-call.js';
import { emit } from './events.js';

const words = {
  'zh-CN': {
    ringing: '正在呼叫工作人员…',
    connecting: '工作人员已接听，正在接通…',
    inCall: '通话中，请对着屏幕讲话',
    unanswered: '暂时无人接听',
    failed: '无法接通',
    ended: '通话已结束',
    callPhone: (phone: string) => `请拨打 ${phone}`,
    hangUp: '挂断',
  },
  en: {
    ringing: 'Calling staff…',
    connecting: 'Staff answered, connecting…',
    inCall: 'Connected: speak towards the screen',
    unanswered: 'Nobody is answering right now',
    failed: 'The call could not connect',
    ended: 'Call ended',
    callPhone: (phone: string) => `Please call ${phone}`,
    hangUp: 'Hang up',
  },
};

export class LaneCallStatus extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .card {
      background: #fff;
      border: 6px solid var(--lane-call-accent, #1d4ed8);
      border-radius: 24px;
      padding: 2rem;
      display: grid;
      gap: 1.5rem;
      justify-items: center;
      text-align: center;
      font-size: clamp(1.75rem, 4vmin, 3rem);
      font-weight: 700;
      box-shadow: 0 10px 40px #0004;
    }
    .phone {
      font-size: 1.4em;
      letter-spacing: 0.04em;
    }
    button {
      font: inherit;
      font-size: 0.8em;
      min-height: 96px;
      min-width: 240px;
      border-radius: 16px;
      border: 0;
      background: #b91c1c;
      color: #fff;
    }
  `;
  static override properties = {
    state: { type: String },
    phone: { type: String },
    locale: { type: String },
  };

  declare state: LaneCallState;
  /** The lot's phone number, shown when nobody answers or the call cannot connect. */
  declare phone: string | null;
  declare locale: 'zh-CN' | 'en';

  constructor() {
    super();
    this.state = 'idle';
    this.phone = null;
    this.locale = 'zh-CN';
  }

  override render() {
    if (this.state === 'idle') return nothing;
    const t = words[this.locale];
    const live = this.state === 'ringing' || this.state === 'connecting' || this.state === 'in-call';
    const text = { ringing: t.ringing, connecting: t.connecting, 'in-call': t.inCall, unanswered: t.unanswered, failed: t.failed, ended: t.ended }[this.state];
    const phone = (this.state === 'unanswered' || this.state === 'failed') && this.phone;
    return html`<div class="card" part="card" role=${live ? 'status' : 'alert'} data-state=${this.state}>
      <div>${text}</div>
      ${phone ? html`<div class="phone">${t.callPhone(phone)}</div>` : nothing}
      ${live ? html`<button part="hang-up" @click=${() => emit(this, 'lane-call-hang-up')}>${t.hangUp}</button>` : nothing}
    </div>`;
  }
}

customElements.define('lane-call-status', LaneCallStatus);

declare global {
  interface HTMLElementTagNameMap {
    'lane-call-status': LaneCallStatus;
  }
}

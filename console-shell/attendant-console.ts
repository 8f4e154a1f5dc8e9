/**
 * The remote attendant console (云坐席): sign-in, the live board of every lane of the attendant's
 * lots, calls that ring with sound and a banner, the call in progress with two-way audio and remote
 * actions, and the audit trail.
 *
 * @part lane - One lane on the board.
 */
import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Call } from '../src/core/attendant/calls.js';
import type { BoardLane } from '../src/core/attendant/lane-board.js';
import type { StaffAccount } from '../src/core/attendant/staff-access.js';
import { consoleStyles } from './attendant-console.styles.js';
import './audit-view.js';
import './call-panel.js';
import { consoleApi, ConsoleApiError, openStream } from './console-client.js';
import { consoleMessages, type ConsoleLocale } from './console-messages.js';
import { laneCard, laneLabel } from './lane-card.js';
import { RingTone } from './ring-tone.js';

type Tab = 'board' | 'audit';
type Link = 'connecting' | 'live' | 'reconnecting' | 'replaced';

export class LaneAttendantConsole extends LitElement {
  static override styles = consoleStyles;
  @property({ type: String, reflect: true }) locale: ConsoleLocale = navigator.language.startsWith('zh') || !navigator.language ? 'zh-CN' : 'en';
  @state() staff: StaffAccount | null = null;
  @state() lanes: Map<string, BoardLane> = new Map();
  @state() calls: Map<string, Call> = new Map();
  @state() link: Link = 'connecting';
  @state() tab: Tab = 'board';
  @state() problem: string = '';
  /** The proxy's clock, estimated: the board's "how long" counts on it, not on this PC's. */
  @state() clock: number = Date.now();
  /** The last call this attendant held, once it has ended: said plainly until dismissed, so a dropped line is never silent. */
  @state() endedCall: Call | null = null;

  private offsetMs = 0;
  private closeStream: (() => void) | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly ring = new RingTone();

  private get t() {
    return consoleMessages(this.locale);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.ticker = setInterval(() => (this.clock = Date.now() + this.offsetMs), 1000);
    void consoleApi.me().then(
      ({ staff }) => this.signedIn(staff),
      () => (this.staff = null),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
    this.closeStream?.();
    this.ring.stop();
  }

  override updated(): void {
    document.documentElement.lang = this.locale;
    document.title = this.t.title;
    const someoneCalling = [...this.calls.values()].some((c) => c.state === 'ringing');
    if (someoneCalling && !this.myCall) this.ring.start();
    else this.ring.stop();
  }

  /** The lane a call is from, by name. */
  private labelOf(call: Pick<Call, 'lotId' | 'laneId'>): string {
    return laneLabel(this.lanes.get(`${call.lotId}/${call.laneId}`), call.laneId);
  }

  /** The call this attendant holds, if any. */
  private get myCall(): Call | null {
    return [...this.calls.values()].find((c) => c.state === 'answered' && c.answeredBy === this.staff?.id) ?? null;
  }

  private signedIn(staff: StaffAccount): void {
    this.staff = staff;
    this.link = 'connecting';
    this.closeStream?.();
    this.closeStream = openStream({
      snapshot: ({ lanes, calls, serverNow }) => {
        this.offsetMs = serverNow - Date.now();
        this.clock = serverNow;
        this.lanes = new Map(lanes.map((l) => [`${l.lotId}/${l.laneId}`, l]));
        // The snapshot also lists calls that ended lately: one that ended while the link was down is told like any other end.
        for (const call of calls) if (!isLive(call)) this.callEnded(call);
        this.calls = new Map(calls.filter(isLive).map((c) => [c.callId, c]));
      },
      lane: (lane) => (this.lanes = new Map(this.lanes).set(`${lane.lotId}/${lane.laneId}`, lane)),
      call: (call) => {
        const calls = new Map(this.calls);
        if (isLive(call)) calls.set(call.callId, call);
        else {
          this.callEnded(call);
          calls.delete(call.callId);
        }
        this.calls = calls;
        this.renderRoot.querySelector('lane-call-panel')?.callChanged(call);
      },
      signal: ({ callId, signal }) => this.renderRoot.querySelector('lane-call-panel')?.signal(callId, signal),
      outcome: (report) => this.renderRoot.querySelector('lane-call-panel')?.actionOutcome(report),
      link: (state) => {
        if (state === 'signed-out') {
          this.closeStream?.();
          this.staff = null;
        } else this.link = state;
      },
    });
  }

  /** A call ended: if it was this attendant's, say so until dismissed. */
  private callEnded(call: Call): void {
    if (this.calls.get(call.callId)?.answeredBy === this.staff?.id && this.staff) this.endedCall = call;
  }

  private async signIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.problem = '';
    try {
      const { staff } = await consoleApi.signIn(String(form.get('staffId') ?? ''), String(form.get('password') ?? ''));
      this.signedIn(staff);
    } catch (error) {
      const e = error as ConsoleApiError;
      this.problem = e.status === 429 ? this.t.tooManyAttempts(Number(e.extra.retryAfter ?? 1)) : e.status === 401 ? this.t.badCredentials : e.message;
    }
  }

  private async signOut(): Promise<void> {
    await consoleApi.signOut().catch(() => {});
    this.closeStream?.();
    this.staff = null;
    this.lanes = new Map();
    this.calls = new Map();
  }

  private async answer(call: Call): Promise<void> {
    try {
      this.endedCall = null;
      this.calls = new Map(this.calls).set(call.callId, await consoleApi.answer(call.callId));
    } catch (error) {
      // Someone else was first: the stream brings who; nothing else to do here.
      if (!(error instanceof ConsoleApiError && error.status === 409)) this.problem = (error as Error).message;
    }
  }

  private linkNotice() {
    const t = this.t;
    if (this.link === 'live') return nothing;
    if (this.link === 'replaced') return html`<div class="link" role="status">${t.replaced} <button @click=${() => this.signedIn(this.staff!)}>${t.continueHere}</button></div>`;
    return html`<div class="link" role="status">${this.link === 'connecting' ? t.connecting : t.reconnecting}</div>`;
  }

  override render() {
    const t = this.t;
    const language = html`<button @click=${() => (this.locale = this.locale === 'en' ? 'zh-CN' : 'en')}>${t.language}</button>`;
    if (!this.staff) {
      return html`<main class="sign-in-page">
        <form class="sign-in" @submit=${this.signIn} aria-label=${t.signIn}>
          <h1>${t.title}</h1>
          <label>${t.staffId}<input name="staffId" autocomplete="username" required /></label>
          <label>${t.password}<input name="password" type="password" autocomplete="current-password" required /></label>
          ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
          <button class="primary" type="submit">${t.signIn}</button>
          ${language}
        </form>
      </main>`;
    }
    const mine = this.myCall;
    const waiting = [...this.calls.values()].filter((c) => c.callId !== mine?.callId);
    return html`
      <header class="top">
        <h1>${t.title}</h1>
        <button aria-pressed=${String(this.tab === 'board')} @click=${() => (this.tab = 'board')}>${t.board}</button>
        <button aria-pressed=${String(this.tab === 'audit')} @click=${() => (this.tab = 'audit')}>${t.audit}</button>
        <span class="spacer"></span>
        <span>${this.staff.name}</span>
        ${language}
        <button @click=${this.signOut}>${t.signOut}</button>
      </header>
      <main>
        ${this.linkNotice()}
        ${this.endedCall
          ? html`<div class="ring ended" role="status">${t.callEndedWith(this.labelOf(this.endedCall), this.endedCall.endReason)} <button @click=${() => (this.endedCall = null)}>${t.dismiss}</button></div>`
          : nothing}
        ${waiting.map((call) =>
          call.state === 'ringing'
            ? html`<div class="ring" role="alert">${t.ringing(this.labelOf(call))} <button class="primary" @click=${() => this.answer(call)}>${t.answer}</button></div>`
            : html`<div class="ring taken" role="status">${this.labelOf(call)}: ${t.answeredBy(call.answeredBy ?? '')}</div>`,
        )}
        ${this.tab === 'audit'
          ? html`<lane-audit-view .locale=${this.locale}></lane-audit-view>`
          : html`<div class="layout ${mine ? 'with-call' : ''}">
              <section class="board" aria-label=${t.board}>
                ${this.lanes.size === 0 ? html`<p class="empty">${t.noLanes}</p>` : [...this.lanes.values()].sort((a, b) => laneLabel(a, a.laneId).localeCompare(laneLabel(b, b.laneId), 'zh-CN')).map((lane) => laneCard(lane, t, this.clock))}
              </section>
              ${mine ? html`<lane-call-panel .call=${mine} .lane=${this.lanes.get(`${mine.lotId}/${mine.laneId}`) ?? null} .locale=${this.locale}></lane-call-panel>` : nothing}
            </div>`}
      </main>
    `;
  }
}

const isLive = (call: Call) => call.state === 'ringing' || call.state === 'answered';

customElements.define('lane-attendant-console', LaneAttendantConsole);

declare global {
  interface HTMLElementTagNameMap {
    'lane-attendant-console': LaneAttendantConsole;
  }
}

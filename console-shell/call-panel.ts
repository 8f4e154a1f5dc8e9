/**
 * The call this attendant holds: two-way audio with the lane (the console offers), and the remote
 * actions, each with a required reason and a confirmation step, and the lane's word on what it did.
 *
 * @part audio-state - Connecting, connected or failed.
 */
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CallPeer, type CallPeerState, type CallSignalMessage } from '../src/client/call-peer.js';
import type { Call } from '../src/core/attendant/calls.js';
import type { BoardLane } from '../src/core/attendant/lane-board.js';
import { REMOTE_ACTIONS, type RemoteActionKind, type RemoteActionReport } from '../src/core/attendant/staff-access.js';
import { parseYuan } from '../src/core/money.js';
import { consoleStyles } from './attendant-console.styles.js';
import { consoleApi, ConsoleApiError, type ActionRequest } from './console-client.js';
import { consoleMessages, type ConsoleLocale } from './console-messages.js';
import { laneLabel } from './lane-card.js';

/** Lanes' words kept for an action whose send is still being answered: more than one console ever has in flight. */
const EARLY_OUTCOMES = 20;

export class LaneCallPanel extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      :host {
        min-height: 0;
      }
      .panel {
        background: #fff;
        border-radius: 12px;
        padding: 1rem;
        display: grid;
        gap: 0.75rem;
        border: 3px solid #1d4ed8;
      }
      h2 {
        margin: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .actions button[aria-pressed='true'] {
        background: #dbeafe;
      }
      form {
        display: grid;
        gap: 0.5rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
      }
      .confirm {
        background: #fef3c7;
        padding: 0.75rem;
        border-radius: 8px;
        display: grid;
        gap: 0.5rem;
      }
    `,
  ];
  @property({ attribute: false }) call: Call | null = null;
  @property({ attribute: false }) lane: BoardLane | null = null;
  @property({ type: String }) locale: ConsoleLocale = 'zh-CN';
  /**
   * How long the panel waits for the lane's word on an action before saying the lane has not
   * confirmed it. A lane answers within a second or two; a reprint may take a few more.
   */
  @property({ attribute: false }) outcomeWaitMs = 15_000;
  @state() audio: CallPeerState = 'new';
  @state() chosen: RemoteActionKind | null = null;
  /** The action filled in, waiting for the confirmation. */
  @state() pending: ActionRequest | null = null;
  @state() note: string = '';

  /** Words on actions heard before their send was answered (other attendants' too: only ours is ever looked up). */
  private readonly early = new Map<string, RemoteActionReport>();
  /** The action sent last, until the lane says what it did with it. */
  private awaited: { actionId: string; timer: ReturnType<typeof setTimeout> } | null = null;

  /** The audio link, exposed for the call's own checks (bytes flowing). */
  peer: CallPeer | null = null;
  private readonly speaker = new Audio();

  constructor() {
    super();
    this.speaker.autoplay = true;
  }

  private get t() {
    return consoleMessages(this.locale);
  }

  override updated(): void {
    if (this.call?.state === 'answered' && !this.peer) void this.startAudio(this.call);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.peer?.close();
    this.stopAwaiting();
  }

  /** A lane's word on a remote action, from the stream: told when it is the one this attendant sent last. */
  actionOutcome(report: RemoteActionReport): void {
    if (report.actionId !== this.awaited?.actionId) {
      // A fast lane's word can come over the stream before the proxy's answer to the send: kept a moment for it.
      this.early.set(report.actionId, report);
      if (this.early.size > EARLY_OUTCOMES) this.early.delete(this.early.keys().next().value!);
      return;
    }
    this.stopAwaiting();
    const what = this.t.action[report.kind];
    this.note = report.outcome === 'done' ? this.t.laneDid(what) : this.t.laneRefused(what, this.t.outcome[report.outcome]);
  }

  private stopAwaiting(): void {
    clearTimeout(this.awaited?.timer);
    this.awaited = null;
  }

  /** A change to a call, from the stream: the end of ours closes the audio. */
  callChanged(call: Call): void {
    if (call.callId === this.call?.callId && call.state !== 'answered') {
      this.peer?.close();
      this.note = this.t.callEnded;
    }
  }

  /** A signal from the lane for our call. */
  signal(callId: string, signal: CallSignalMessage): void {
    if (callId === this.call?.callId) void this.peer?.receive(signal).catch(() => (this.audio = 'failed'));
  }

  private async startAudio(call: Call): Promise<void> {
    const peer = new CallPeer({ role: 'offerer', send: (signal) => consoleApi.signal(call.callId, signal), speaker: this.speaker });
    this.peer = peer;
    peer.addEventListener('state', () => (this.audio = peer.state));
    await peer.start().catch(() => (this.audio = 'failed'));
  }

  private async hangUp(): Promise<void> {
    if (!this.call) return;
    void this.peer?.receive({ type: 'bye', body: null });
    await consoleApi.signal(this.call.callId, { type: 'bye', body: null }).catch(() => {});
    await consoleApi.end(this.call.callId).catch(() => {});
  }

  private choose(kind: RemoteActionKind): void {
    this.chosen = kind;
    this.pending = null;
    this.note = '';
  }

  private fill(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const kind = this.chosen!;
    const request: ActionRequest = { kind, reason: String(form.get('reason') ?? '').trim() };
    if (kind === 'release') {
      try {
        request.amountFen = parseYuan(String(form.get('amount') ?? ''));
      } catch {
        this.note = this.t.amountYuan;
        return;
      }
    }
    if (kind === 'correct-plate') request.plate = String(form.get('plate') ?? '').trim().toUpperCase();
    this.note = '';
    this.pending = request;
  }

  private async confirm(): Promise<void> {
    const request = this.pending;
    const call = this.call;
    if (!request || !call) return;
    this.pending = null;
    try {
      const { actionId } = await consoleApi.act(call.lotId, call.laneId, request);
      this.note = this.t.done(this.t.action[request.kind]);
      this.chosen = null;
      this.stopAwaiting();
      // A lane that heard the action answers within seconds; one that did not is said so, not waited for.
      // Its word, if it comes later, is still told.
      const timer = setTimeout(() => (this.note = this.t.laneSilent(this.t.action[request.kind])), this.outcomeWaitMs);
      this.awaited = { actionId, timer };
      const early = this.early.get(actionId);
      if (early) this.actionOutcome(early);
    } catch (error) {
      this.note = error instanceof ConsoleApiError ? (this.t.refused[error.code] ?? error.message) : this.t.failed;
    }
  }

  override render() {
    const t = this.t;
    const call = this.call;
    if (!call) return nothing;
    const audioText = this.audio === 'connected' ? t.audioLive : this.audio === 'failed' ? t.audioFailed : t.connectingAudio;
    const lane = laneLabel(this.lane, call.laneId);
    return html`<section class="panel" aria-label=${t.inCall(lane)}>
      <h2>${t.inCall(lane)}</h2>
      ${this.lane?.plate ? html`<div class="plate">${this.lane.plate}</div>` : nothing}
      <p part="audio-state" role="status" data-state=${this.audio}>${audioText}</p>
      <button class="danger" @click=${this.hangUp}>${t.hangUp}</button>
      <h3>${t.actions}</h3>
      <div class="actions">
        ${REMOTE_ACTIONS.map(
          (kind) =>
            html`<button aria-pressed=${String(this.chosen === kind)} @click=${() => this.choose(kind)}>${t.action[kind]}</button>`,
        )}
      </div>
      ${this.chosen && !this.pending
        ? html`<form @submit=${this.fill} aria-label=${t.action[this.chosen]}>
            ${this.chosen === 'release' ? html`<label>${t.amountYuan}<input name="amount" inputmode="decimal" required .value=${this.lane?.dueFen ? (this.lane.dueFen / 100).toFixed(2) : ''} /></label>` : nothing}
            ${this.chosen === 'correct-plate' ? html`<label>${t.plate}<input name="plate" required .value=${this.lane?.plate ?? ''} /></label>` : nothing}
            <label>${t.reason}<input name="reason" required minlength="2" maxlength="200" /></label>
            <button class="primary" type="submit">${t.action[this.chosen]}</button>
          </form>`
        : nothing}
      ${this.pending
        ? html`<div class="confirm" role="alertdialog" aria-label=${t.confirm(t.action[this.pending.kind], lane)}>
            <strong>${t.confirm(t.action[this.pending.kind], lane)}</strong>
            <span>${this.pending.reason}${this.pending.amountFen !== undefined ? ` · ¥${(this.pending.amountFen / 100).toFixed(2)}` : ''}${this.pending.plate ? ` · ${this.pending.plate}` : ''}</span>
            <div class="actions">
              <button class="primary" @click=${this.confirm}>${t.confirmYes}</button>
              <button @click=${() => (this.pending = null)}>${t.cancel}</button>
            </div>
          </div>`
        : nothing}
      ${this.note ? html`<p role="status">${this.note}</p>` : nothing}
    </section>`;
  }
}

customElements.define('lane-call-panel', LaneCallPanel);

declare global {
  interface HTMLElementTagNameMap {
    'lane-call-panel': LaneCallPanel;
  }
}

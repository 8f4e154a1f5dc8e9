/**
 * A lane screen's link to the remote attendants (云坐席), for lots whose proxy has a console: keeps
 * the attendants' board true for this lane (LaneReporter), rings them when the driver asks for help
 * and carries the call (LaneCall, two-way audio), and hands the attendant's remote actions to the
 * screen. A lot without a console gets none of it: the call-staff button then only alerts the
 * lane's own staff.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { isLiveCall, LaneCall, type LaneCallState } from '../../client/lane-call.js';
import type { LaneClient } from '../../client/lane-client.js';
import { LaneReporter, type LaneFacts } from '../../client/lane-reporter.js';
import type { StreamStatus } from '../../client/sse.js';
import { isCurrentRemoteAction, type RemoteActionCommand, type RemoteActionOutcome } from '../../core/attendant/staff-access.js';
import type { EntryState } from '../../core/entry-machine.js';
import type { LaneState } from '../../core/lane-machine.js';
import type { LaneConfig, LaneStreamEvent } from '../../core/quote.js';
import type { OutboxState } from '../../offline/outbox.js';
import '../lane-call-status/lane-call-status.js';
import { emit, emitCancelable } from './events.js';
import { messages, type Locale } from './messages.js';

export interface LaneAttendantHooks {
  /** What the board shows of this lane now; read after every render of the screen. */
  facts(): LaneFacts;
  /** Carries out an attendant's action on this lane (the proxy checked their rights and recorded the reason): what the lane did. */
  carryOut(command: RemoteActionCommand): RemoteActionOutcome | Promise<RemoteActionOutcome>;
  /** A call began ringing (true) or is over (false): the screen should not time out under a talking driver. */
  onCallLive?(live: boolean): void;
}

export interface LaneAttendantLink {
  client: LaneClient | null;
  config: LaneConfig | null;
  /** The lane's clock minus the proxy's, to judge how old a remote action is; null until measured. */
  skewMs: number | null;
}

/**
 * What the screen says when the driver asked for staff and no call rang: the page rang its own
 * intercom, or the lane is offline, or the lot has no desk.
 */
export type StaffNote = 'page-called' | 'offline' | 'unreachable';

export class LaneAttendantController implements ReactiveController {
  /** The driver's call, as the screen shows it. */
  callState: LaneCallState = 'idle';
  private call: LaneCall | null = null;
  private reporter: LaneReporter | null = null;
  private client: LaneClient | null = null;
  private lastFacts = '';
  /** Where the attendant's voice plays; kept out of the DOM, so no screen layout knows of it. */
  private readonly speaker = new Audio();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly link: () => LaneAttendantLink,
    private readonly hooks: LaneAttendantHooks,
  ) {
    this.speaker.autoplay = true;
    host.addController(this);
  }

  /** Whether the lot has a remote attendant desk to call. */
  get available(): boolean {
    return Boolean(this.link().config?.attendant);
  }

  /** The lot's phone number, for a call nobody answers or one that cannot be made. */
  get phone(): string | null {
    const config = this.link().config;
    return config?.attendant?.phone ?? config?.servicePhone ?? null;
  }

  /**
   * The driver pressed 呼叫工作人员: rings the desk when the lot has one and the lane is online, and
   * tells the page (`lane-call-staff`, cancelable: a page that rang its own intercom calls
   * preventDefault()). Null when a call rings; otherwise what the screen says instead, never that
   * someone was told unless the page said it told them.
   */
  askForStaff(offline: boolean, state: LaneState | EntryState): StaffNote | null {
    const rings = this.available && !offline;
    if (rings) this.ring();
    const pageCalled = !emitCancelable(this.host, 'lane-call-staff', { state });
    if (rings) return null;
    return pageCalled ? 'page-called' : offline ? 'offline' : 'unreachable';
  }

  /** The words for `note`: staff called by the page, or the lot's duty phone, or plainly that staff cannot be called from here now. */
  staffNoteText(locale: Locale, note: StaffNote): string {
    const t = messages(locale);
    const phone = this.phone;
    if (note === 'page-called') return t.staffCalled;
    if (note === 'offline') return phone ? t.staffOfflineByPhone(phone) : t.staffOffline;
    return phone ? t.staffByPhone(phone) : t.staffNotReachable;
  }

  /** Rings every console allowed to see this lane. */
  ring(): void {
    const { client, config } = this.link();
    if (!client || !config?.attendant) return;
    // A call that is over (even one still showing how it ended) is done with; the next one starts
    // afresh, with today's ICE servers, and nothing of the last can reach it.
    if (!this.call || !isLiveCall(this.call.state)) this.call = this.newCall(client, config.attendant.iceServers);
    void this.call.ring();
  }

  /** The driver pressed 挂断. */
  hangUp(): void {
    void this.call?.hangUp();
  }

  /**
   * The call as the driver sees it (`<lane-call-status>`, part `call`), nothing while there is none.
   * The kiosks lay it over their footer, so the screen the driver talks about stays in view.
   */
  renderCall(locale: Locale) {
    if (this.callState === 'idle') return nothing;
    return html`<lane-call-status part="call" .state=${this.callState} .phone=${this.phone} .locale=${locale} @lane-call-hang-up=${() => this.hangUp()}></lane-call-status>`;
  }

  /** Audio bytes both ways in the current call, for the lane's own checks. */
  audioBytes(): Promise<{ sent: number; received: number }> {
    return this.call?.audioBytes() ?? Promise.resolve({ sent: 0, received: 0 });
  }

  /** An event from the lane's stream: the call's progress and signaling, and remote actions. */
  onEvent(event: LaneStreamEvent): void {
    if (event.type === 'call') this.call?.onCall(event.call);
    else if (event.type === 'call-signal') this.call?.onSignal(event.callId, event.signal);
    else if (event.type === 'remote-action') void this.act(event.action);
  }

  /**
   * Carries out a fresh action, fires `lane-remote-action` on the lane's element and tells the proxy
   * what came of it, so the audit trail holds the lane's word too.
   */
  private async act(action: RemoteActionCommand): Promise<void> {
    const { client, skewMs } = this.link();
    if (!isCurrentRemoteAction(action, Date.now(), skewMs)) {
      void client?.reportRemoteAction(action, 'stale').catch(() => {});
      return;
    }
    // The lane's word is what happened, not that it started: the printer, the gate and the outbox each answer within their own bounds.
    const outcome = await Promise.resolve(this.hooks.carryOut(action)).catch((): RemoteActionOutcome => 'failed');
    emit(this.host, 'lane-remote-action', { action, outcome });
    void client?.reportRemoteAction(action, outcome).catch(() => {});
  }

  /** A dropped stream cannot carry the call's signaling or its end: the call ends plainly rather than going silent. */
  onStreamStatus(status: StreamStatus): void {
    if (status === 'reconnecting' || status === 'closed') this.call?.onStreamLost();
  }

  hostUpdated(): void {
    const { client, config } = this.link();
    if (client !== this.client) this.attach(client);
    if (!client || !config?.attendant) {
      // The lot's desk was taken out of the config: the board no longer hears from this lane.
      this.reporter?.stop();
      this.reporter = null;
      return;
    }
    this.reporter ??= new LaneReporter((report) => client.reportStatus(report));
    const facts = this.hooks.facts();
    const key = JSON.stringify(facts);
    if (key === this.lastFacts) return;
    this.lastFacts = key;
    this.reporter.update(facts);
  }

  hostDisconnected(): void {
    this.attach(null);
  }

  /** A lane pointed at another proxy (or none) ends its call and reports afresh. */
  private attach(client: LaneClient | null): void {
    void this.call?.hangUp();
    this.reporter?.stop();
    this.call = null;
    this.reporter = null;
    this.lastFacts = '';
    this.client = client;
    this.setCallState('idle');
  }

  private newCall(client: LaneClient, iceServers: RTCIceServer[]): LaneCall {
    const call = new LaneCall({ transport: client.calls, speaker: this.speaker, iceServers });
    call.addEventListener('state', () => {
      if (call === this.call) this.setCallState(call.state);
    });
    return call;
  }

  private setCallState(state: LaneCallState): void {
    if (state === this.callState) return;
    const wasLive = isLiveCall(this.callState);
    this.callState = state;
    if (isLiveCall(state) !== wasLive) this.hooks.onCallLive?.(isLiveCall(state));
    this.host.requestUpdate();
  }
}

/** The outbox as the board shows it (an element without an outbox reports an empty one). */
export function boardOutbox(state: OutboxState | null): LaneFacts['outbox'] {
  return {
    depth: state?.depth ?? 0,
    oldestCreatedAt: state?.oldestCreatedAt ?? null,
    deadLetters: state?.deadLetters ?? 0,
    storageError: state?.storageError ?? null,
  };
}

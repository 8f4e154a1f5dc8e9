/**
 * Drivers' calls for help across every proxy instance: the lane rings every console allowed to see
 * it, the first attendant to answer takes the call (an atomic claim in the shared store), and the
 * others see who did. Calls nobody answers ring out after 60 s. WebRTC offers, answers and ICE
 * candidates pass through here between the lane and the attendant who holds the call.
 */
import { answerCall, callAt, CallError, endCall, ringCall, type Call, type CallEndReason } from '../../core/attendant/calls.js';
import { canSeeLot, type StaffAccount } from '../../core/attendant/staff-access.js';
import type { EventBus } from '../state/event-bus.js';
import type { StateStore } from '../state/store.js';
import { randomBase64Url } from '../random-token.js';
import type { AuditLog } from './audit-log.js';

/** A call's record outlives the call by a day, for the board and the lane to read back. */
const CALL_TTL_MS = 86_400_000;
const SWEEP_MS = 1_000;

/** WebRTC signaling, relayed as is: an SDP offer or answer, or an ICE candidate. */
export interface CallSignal {
  type: 'offer' | 'answer' | 'candidate' | 'bye';
  body: unknown;
}

/** Between instances: call changes for every console, and a lane's signals for the console holding its call. */
export type DeskMessage = { kind: 'call'; call: Call } | { kind: 'call-signal'; callId: string; signal: CallSignal };

export interface CallListener {
  /** Every change to a call of a lane the attendant may see. */
  onCall(call: Call): void;
  /** Signaling from the lane, for the attendant who holds the call. */
  onSignal(callId: string, signal: CallSignal): void;
}

interface Listener extends CallListener {
  account: StaffAccount;
}

/** What reaches the lane's kiosk, over its own event stream (which replays what a reconnecting kiosk missed). */
export type ToLane = (lotId: string, laneId: string, message: { type: 'call'; call: Call } | { type: 'call-signal'; callId: string; signal: CallSignal }) => Promise<void>;

export class CallDesk {
  /** The calls this instance knows are live (from the bus), for the ring-out sweep. */
  private readonly live = new Map<string, Call>();
  private readonly listeners = new Set<Listener>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly store: StateStore,
    private readonly bus: EventBus,
    private readonly audit: AuditLog,
    private readonly toLane: ToLane,
    private readonly now: () => number = Date.now,
  ) {
    bus.subscribe((message) => this.deliver(message as DeskMessage));
    this.sweeper = setInterval(() => void this.ringOut(), SWEEP_MS);
    this.sweeper.unref();
  }

  /** The driver pressed 呼叫工作人员. */
  async ring(lotId: string, laneId: string): Promise<Call> {
    const call = ringCall(randomBase64Url(12), lotId, laneId, this.now());
    await this.save(call);
    await this.audit.record({ kind: 'call-rung', staffId: null, lotId, laneId, subject: call.callId, reason: null, detail: {} });
    return call;
  }

  async get(callId: string): Promise<Call | null> {
    const call = await this.store.get<Call>(`call:${callId}`);
    return call ? callAt(call, this.now()) : null;
  }

  /** The attendant takes the call; throws CallError `already-answered` (naming who) when another was first. */
  async answer(account: StaffAccount, callId: string): Promise<Call> {
    const call = await this.visibleCall(account, callId);
    const answered = answerCall(call, account.id, this.now());
    if (!(await this.store.claim(`call-answer:${callId}`, account.id, CALL_TTL_MS))) {
      const winner = (await this.store.get<string>(`call-answer:${callId}`)) ?? null;
      throw new CallError('already-answered', `${winner ?? 'another attendant'} already took this call`, winner);
    }
    await this.save(answered);
    await this.audit.record({ kind: 'call-answered', staffId: account.id, lotId: call.lotId, laneId: call.laneId, subject: callId, reason: null, detail: { ringMs: answered.answeredAt! - call.rungAt } });
    return answered;
  }

  /** Either side hangs up (or the call is ended for them); ending an ended call is a no-op. */
  async end(callId: string, reason: CallEndReason, by: StaffAccount | null): Promise<Call | null> {
    const call = await this.get(callId);
    if (!call) return null;
    if (by && !canSeeLot(by, call.lotId)) throw new CallError('not-ringing', 'no such call');
    if (call.state === 'ended' || call.state === 'unanswered') return call;
    if (!(await this.store.claim(`call-end:${callId}`, reason, CALL_TTL_MS))) return this.get(callId);
    const ended = endCall(call, reason, this.now());
    await this.save(ended);
    await this.audit.record({
      kind: call.state === 'ringing' ? 'call-unanswered' : 'call-ended',
      staffId: by?.id ?? ended.answeredBy,
      lotId: call.lotId,
      laneId: call.laneId,
      subject: callId,
      reason,
      detail: ended.answeredAt === null ? {} : { talkMs: ended.endedAt! - ended.answeredAt },
    });
    return ended;
  }

  /**
   * Relays WebRTC signaling from one side of an answered call to the other. A console may signal
   * only on a call it holds; a lane only on its own.
   */
  async signal(from: { side: 'console'; account: StaffAccount } | { side: 'lane'; lotId: string; laneId: string }, callId: string, signal: CallSignal): Promise<void> {
    const call = await this.get(callId);
    const allowed = call && (from.side === 'console' ? call.answeredBy === from.account.id : call.lotId === from.lotId && call.laneId === from.laneId);
    if (!call || !allowed) throw new CallError('not-ringing', 'no such call on this side');
    if (call.state !== 'answered') throw new CallError('already-ended', `the call is ${call.state}`);
    if (from.side === 'console') await this.toLane(call.lotId, call.laneId, { type: 'call-signal', callId, signal });
    else await this.bus.publish({ kind: 'call-signal', callId, signal } satisfies DeskMessage);
  }

  /** A console listens for `account`; returns the unsubscribe. */
  listen(account: StaffAccount, listener: CallListener): () => void {
    const entry: Listener = { account, onCall: (call) => listener.onCall(call), onSignal: (callId, signal) => listener.onSignal(callId, signal) };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** Calls still ringing or in progress that `account` may see, for a console that (re)connects. */
  liveCallsFor(account: StaffAccount): Call[] {
    const now = this.now();
    return [...this.live.values()].map((c) => callAt(c, now)).filter((c) => canSeeLot(account, c.lotId) && (c.state === 'ringing' || c.state === 'answered'));
  }

  close(): void {
    clearInterval(this.sweeper);
    this.listeners.clear();
  }

  /** Ends, once across every instance, the calls that rang out. */
  async ringOut(): Promise<void> {
    const now = this.now();
    for (const call of this.live.values()) {
      if (callAt(call, now).state === 'unanswered') {
        this.live.delete(call.callId);
        if (await this.store.claim(`call-end:${call.callId}`, 'rang-out', CALL_TTL_MS)) {
          const rangOut = callAt(call, now);
          await this.save(rangOut);
          await this.audit.record({ kind: 'call-unanswered', staffId: null, lotId: call.lotId, laneId: call.laneId, subject: call.callId, reason: null, detail: {} });
        }
      }
    }
  }

  private async visibleCall(account: StaffAccount, callId: string): Promise<Call> {
    const call = await this.get(callId);
    if (!call || !canSeeLot(account, call.lotId)) throw new CallError('not-ringing', 'no such call');
    return call;
  }

  private async save(call: Call): Promise<void> {
    await this.store.put(`call:${call.callId}`, call, CALL_TTL_MS);
    await this.bus.publish({ kind: 'call', call } satisfies DeskMessage);
    await this.toLane(call.lotId, call.laneId, { type: 'call', call });
  }

  private deliver(message: DeskMessage): void {
    if (message.kind === 'call') {
      const { call } = message;
      if (call.state === 'ringing' || call.state === 'answered') this.live.set(call.callId, call);
      else this.live.delete(call.callId);
      for (const l of this.listeners) if (canSeeLot(l.account, call.lotId)) l.onCall(call);
    } else if (message.kind === 'call-signal') {
      const holder = this.live.get(message.callId)?.answeredBy;
      for (const l of this.listeners) if (holder && l.account.id === holder) l.onSignal(message.callId, message.signal);
    }
  }
}

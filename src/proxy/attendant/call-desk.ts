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
/**
 * A call lives as long as the instance the lane rang through: that instance renews a lease this
 * long, every third of it. When the lease lapses (the instance crashed or was killed) any other
 * instance, or the same one restarted, ends the call as `proxy-restarted`, so neither side is left
 * on a silent line; an instance stopped in order ends its own calls on the way out.
 */
export const INSTANCE_LEASE_MS = 15_000;
/** Calls that ended this recently come with a console's snapshot, so one that reconnects learns how its call ended. */
const RECENTLY_ENDED_MS = 5 * 60_000;
/** The live-call index read at startup: more calls than ring at once on every lot together. */
const LIVE_INDEX_MAX = 500;

/** WebRTC signaling, relayed as is: an SDP offer or answer, or an ICE candidate. */
export interface CallSignal {
  type: 'offer' | 'answer' | 'candidate' | 'bye';
  body: unknown;
}

/**
 * Between instances: call changes for every console (with the instance the lane rang through), and
 * a lane's signals for the console holding its call.
 */
export type DeskMessage = { kind: 'call'; call: Call; home: string } | { kind: 'call-signal'; callId: string; signal: CallSignal };

export interface CallListener {
  /** Every change to a call of a lane the attendant may see. */
  onCall(call: Call): void;
  /** Signaling from the lane, for the attendant who holds the call. */
  onSignal(callId: string, signal: CallSignal): void;
}

interface Listener extends CallListener {
  account: StaffAccount;
}

interface Tracked {
  call: Call;
  /** The instance the lane rang through, whose lease the call lives on. */
  home: string;
}

/** What reaches the lane's kiosk, over its own event stream (which replays what a reconnecting kiosk missed). */
export type ToLane = (lotId: string, laneId: string, message: { type: 'call'; call: Call } | { type: 'call-signal'; callId: string; signal: CallSignal }) => Promise<void>;

const leaseKey = (instance: string) => `proxy-instance:${instance}`;
const LIVE_INDEX = 'calls-live';

export class CallDesk {
  /** This instance, for the calls rung through it. */
  readonly instanceId = randomBase64Url(12);
  /** The calls this instance knows are live (from the bus, and the store's index at startup). */
  private readonly live = new Map<string, Tracked>();
  /** Calls that ended lately, by call id, for consoles that reconnect. */
  private readonly ended = new Map<string, Call>();
  private readonly listeners = new Set<Listener>();
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(
    private readonly store: StateStore,
    private readonly bus: EventBus,
    private readonly audit: AuditLog,
    private readonly toLane: ToLane,
    private readonly now: () => number,
  ) {
    bus.subscribe((message) => this.deliver(message as DeskMessage));
  }

  /**
   * Opens the desk: takes this instance's lease, reads the calls left live in the store (after a
   * restart their instance's lease lapses and they are ended), and starts the sweeps.
   */
  static async open(store: StateStore, bus: EventBus, audit: AuditLog, toLane: ToLane, now: () => number = Date.now): Promise<CallDesk> {
    const desk = new CallDesk(store, bus, audit, toLane, now);
    await desk.renewLease();
    for (const { callId, home } of await store.list<{ callId: string; home: string }>(LIVE_INDEX)) {
      const call = await desk.get(callId);
      if (call) desk.track(call, home);
    }
    desk.timers.push(setInterval(() => void desk.ringOut(), SWEEP_MS), setInterval(() => void desk.endOrphans(), INSTANCE_LEASE_MS / 3));
    for (const timer of desk.timers) timer.unref();
    return desk;
  }

  /** The driver pressed 呼叫工作人员. */
  async ring(lotId: string, laneId: string): Promise<Call> {
    const call = ringCall(randomBase64Url(12), lotId, laneId, this.now());
    await this.store.append(LIVE_INDEX, { callId: call.callId, home: this.instanceId }, LIVE_INDEX_MAX, CALL_TTL_MS);
    await this.save(call, this.instanceId);
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
    await this.save(answered, this.homeOf(callId));
    await this.audit.record({ kind: 'call-answered', staffId: account.id, lotId: call.lotId, laneId: call.laneId, subject: callId, reason: null, detail: { ringMs: answered.answeredAt! - call.rungAt } });
    return answered;
  }

  /** Either side hangs up (or the call is ended for them); ending an ended call is a no-op. */
  async end(callId: string, reason: CallEndReason, by: StaffAccount | null): Promise<Call | null> {
    const call = await this.get(callId);
    if (!call) return null;
    if (by && !canSeeLot(by, call.lotId)) throw new CallError('not-ringing', 'no such call');
    if (call.state === 'ended' || call.state === 'unanswered') return call;
    return (await this.finish(call, endCall(call, reason, this.now()), by?.id ?? call.answeredBy)) ?? this.get(callId);
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

  /**
   * Calls still ringing or in progress that `account` may see, and those that ended in the last
   * minutes, for a console that (re)connects: one whose call ended while it was away learns how.
   */
  callsFor(account: StaffAccount): Call[] {
    const now = this.now();
    this.forgetOldEnds(now);
    const live = [...this.live.values()].map(({ call }) => callAt(call, now)).filter((c) => c.state === 'ringing' || c.state === 'answered');
    return [...live, ...this.ended.values()].filter((c) => canSeeLot(account, c.lotId));
  }

  /** Stops the sweeps and the listeners. */
  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.listeners.clear();
  }

  /**
   * This instance stops in order: the calls rung through it end now, as `proxy-restarted`, on both
   * sides, and its lease goes, rather than leave them to lapse.
   */
  async shutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    const own = [...this.live.values()].filter(({ home }) => home === this.instanceId);
    for (const { call } of own) await this.endForRestart(call);
    await this.store.delete(leaseKey(this.instanceId));
    this.close();
  }

  /** Ends, once across every instance, the calls that rang out. */
  async ringOut(): Promise<void> {
    const now = this.now();
    for (const { call } of [...this.live.values()]) {
      const current = callAt(call, now);
      if (current.state === 'unanswered') await this.finish(call, current, null);
    }
  }

  /** Renews this instance's lease and ends the live calls whose instance's lease has lapsed. */
  async endOrphans(): Promise<void> {
    await this.renewLease();
    const alive = new Map<string, boolean>([[this.instanceId, true]]);
    for (const { call, home } of [...this.live.values()]) {
      if (!alive.has(home)) alive.set(home, (await this.store.get(leaseKey(home))) !== undefined);
      if (!alive.get(home)) await this.endForRestart(call);
    }
  }

  private async renewLease(): Promise<void> {
    await this.store.put(leaseKey(this.instanceId), this.now(), INSTANCE_LEASE_MS);
  }

  private async endForRestart(call: Call): Promise<void> {
    const current = callAt(call, this.now());
    if (current.state === 'ringing' || current.state === 'answered') await this.finish(call, endCall(current, 'proxy-restarted', this.now()), current.answeredBy);
    else if (current.state === 'unanswered') await this.finish(call, current, null);
  }

  /**
   * The one way a call ends, whoever ends it: claimed once across every instance, saved, told to
   * both sides and audited. Null when another instance ended it first.
   */
  private async finish(call: Call, ended: Call, staffId: string | null): Promise<Call | null> {
    this.live.delete(call.callId);
    if (!(await this.store.claim(`call-end:${call.callId}`, ended.endReason ?? ended.state, CALL_TTL_MS))) return null;
    await this.save(ended, this.homeOf(call.callId));
    const answered = call.answeredAt !== null && ended.state === 'ended';
    await this.audit.record({
      kind: answered ? 'call-ended' : 'call-unanswered',
      staffId,
      lotId: call.lotId,
      laneId: call.laneId,
      subject: call.callId,
      reason: ended.endReason,
      detail: answered ? { talkMs: ended.endedAt! - call.answeredAt! } : {},
    });
    return ended;
  }

  private async visibleCall(account: StaffAccount, callId: string): Promise<Call> {
    const call = await this.get(callId);
    if (!call || !canSeeLot(account, call.lotId)) throw new CallError('not-ringing', 'no such call');
    return call;
  }

  private async save(call: Call, home: string): Promise<void> {
    await this.store.put(`call:${call.callId}`, call, CALL_TTL_MS);
    await this.bus.publish({ kind: 'call', call, home } satisfies DeskMessage);
    await this.toLane(call.lotId, call.laneId, { type: 'call', call });
  }

  /** The instance a call was rung through, as far as this one knows (itself, for a call it has not heard of). */
  private homeOf(callId: string): string {
    return this.live.get(callId)?.home ?? this.instanceId;
  }

  private track(call: Call, home: string): void {
    if (call.state === 'ringing' || call.state === 'answered') {
      // An answer or an end saved by another instance keeps the home the call was rung through.
      this.live.set(call.callId, { call, home: this.live.get(call.callId)?.home ?? home });
    } else {
      this.live.delete(call.callId);
      if (call.endedAt !== null && this.now() - call.endedAt <= RECENTLY_ENDED_MS) this.ended.set(call.callId, call);
      this.forgetOldEnds(this.now());
    }
  }

  private forgetOldEnds(now: number): void {
    for (const [callId, call] of this.ended) if (now - (call.endedAt ?? now) > RECENTLY_ENDED_MS) this.ended.delete(callId);
  }

  private deliver(message: DeskMessage): void {
    if (message.kind === 'call') {
      const { call } = message;
      this.track(call, message.home);
      for (const l of this.listeners) if (canSeeLot(l.account, call.lotId)) l.onCall(call);
    } else if (message.kind === 'call-signal') {
      const holder = this.live.get(message.callId)?.call.answeredBy;
      for (const l of this.listeners) if (holder && l.account.id === holder) l.onSignal(message.callId, message.signal);
    }
  }
}

/**
 * The lane's side of a call for help (呼叫工作人员): rings the remote attendants through the proxy,
 * shows what happens (正在接通 → 通话中, or 无人接听 after 60 s with the lot's phone number), answers
 * the attendant's audio offer, and ends cleanly when either side hangs up or the link to the proxy
 * drops (a call never survives silently as a dead line).
 */
import type { Call } from '../core/attendant/calls.js';
import { RING_TIMEOUT_MS } from '../core/attendant/calls.js';
import { CallPeer, type CallSignalMessage } from './call-peer.js';

export type LaneCallState = 'idle' | 'ringing' | 'connecting' | 'in-call' | 'unanswered' | 'ended' | 'failed';

/** A call still under way (ringing, connecting or talking), as opposed to one showing how it ended. */
export function isLiveCall(state: LaneCallState): boolean {
  return state === 'ringing' || state === 'connecting' || state === 'in-call';
}

/** How the lane reaches the proxy for calls; the lane client provides it. */
export interface LaneCallTransport {
  ring(): Promise<Call>;
  end(callId: string): Promise<unknown>;
  signal(callId: string, signal: CallSignalMessage): Promise<unknown>;
}

export interface LaneCallOptions {
  transport: LaneCallTransport;
  iceServers?: RTCIceServer[];
  speaker?: HTMLAudioElement;
  microphone?: () => Promise<MediaStream>;
  /** How long the "ended" or "unanswered" note stays before the lane is idle again (default 8 s). */
  noteMs?: number;
}

/**
 * Events: `state` (`detail: LaneCallState`).
 */
export class LaneCall extends EventTarget {
  state: LaneCallState = 'idle';
  call: Call | null = null;
  private peer: CallPeer | null = null;
  private ringTimer: ReturnType<typeof setTimeout> | undefined;
  private noteTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: LaneCallOptions) {
    super();
  }

  /** The driver pressed 呼叫工作人员: rings every attendant allowed to see this lane. */
  async ring(): Promise<void> {
    if (isLiveCall(this.state)) return;
    clearTimeout(this.noteTimer);
    this.call = null;
    this.setState('ringing');
    let call: Call;
    try {
      call = await this.options.transport.ring();
    } catch {
      this.finish('failed');
      return;
    }
    if (this.state !== 'ringing') {
      // The driver hung up (or the link dropped) while the ring was on its way: nobody is there to answer.
      await this.options.transport.end(call.callId).catch(() => {});
      return;
    }
    this.call = call;
    // The proxy rings out after 60 s too; this bound holds even when its word does not arrive.
    this.ringTimer = setTimeout(() => this.finish('unanswered'), RING_TIMEOUT_MS + 2_000);
  }

  /** The driver (or the lane's idle reset) hangs up. */
  async hangUp(): Promise<void> {
    if (!isLiveCall(this.state)) return;
    const call = this.call;
    this.finish('ended');
    // Still ringing out: ring() ends the call itself once the proxy has named it.
    if (!call) return;
    await this.options.transport.signal(call.callId, { type: 'bye', body: null }).catch(() => {});
    await this.options.transport.end(call.callId).catch(() => {});
  }

  /** A `call` event from the lane's stream. */
  onCall(call: Call): void {
    if (call.callId !== this.call?.callId) return;
    this.call = call;
    if (call.state === 'answered' && this.state === 'ringing') {
      clearTimeout(this.ringTimer);
      this.setState('connecting');
      this.peer = new CallPeer({
        role: 'answerer',
        send: (signal) => this.options.transport.signal(call.callId, signal).then(() => undefined),
        iceServers: this.options.iceServers,
        speaker: this.options.speaker,
        microphone: this.options.microphone,
      });
      this.peer.addEventListener('state', () => {
        if (this.peer?.state === 'connected') this.setState('in-call');
        if (this.peer?.state === 'failed') this.finish('failed');
      });
      void this.peer.start().catch(() => this.finish('failed'));
    } else if (call.state === 'unanswered') this.finish('unanswered');
    else if (call.state === 'ended') this.finish('ended');
  }

  /** A `call-signal` event from the lane's stream. */
  onSignal(callId: string, signal: CallSignalMessage): void {
    if (callId !== this.call?.callId || !this.peer) return;
    if (signal.type === 'bye') this.finish('ended');
    else void this.peer.receive(signal).catch(() => this.finish('failed'));
  }

  /** The lane's stream to the proxy dropped: a call in progress cannot be trusted to be heard; end it plainly. */
  onStreamLost(): void {
    if (isLiveCall(this.state)) void this.hangUp();
  }

  /** Audio bytes both ways, for the call's own checks. */
  audioBytes(): Promise<{ sent: number; received: number }> {
    return this.peer?.audioBytes() ?? Promise.resolve({ sent: 0, received: 0 });
  }

  /** Ends the call once: the proxy's word of an end the lane itself made must not restart the note. */
  private finish(state: 'ended' | 'unanswered' | 'failed'): void {
    if (!isLiveCall(this.state)) return;
    clearTimeout(this.ringTimer);
    clearTimeout(this.noteTimer);
    this.peer?.close();
    this.peer = null;
    this.setState(state);
    this.noteTimer = setTimeout(() => {
      this.call = null;
      this.setState('idle');
    }, this.options.noteMs ?? 8_000);
  }

  private setState(state: LaneCallState): void {
    if (state === this.state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent<LaneCallState>('state', { detail: state }));
  }
}

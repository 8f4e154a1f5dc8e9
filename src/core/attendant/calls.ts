/**
 * A driver's call for help, from the lane's 呼叫工作人员 to the attendant who takes it. Pure: the
 * proxy stores calls and makes "first to answer" atomic; this decides what each step means.
 */

/** A call nobody answers in this time is unanswered: the kiosk shows the lot's phone number instead. */
export const RING_TIMEOUT_MS = 60_000;

export type CallState = 'ringing' | 'answered' | 'ended' | 'unanswered';

export type CallEndReason = 'hung-up-by-staff' | 'hung-up-by-lane' | 'proxy-restarted' | 'lane-offline';

export interface Call {
  callId: string;
  lotId: string;
  laneId: string;
  state: CallState;
  rungAt: number;
  answeredBy: string | null;
  answeredAt: number | null;
  endedAt: number | null;
  endReason: CallEndReason | null;
}

export class CallError extends Error {
  override name = 'CallError';
  constructor(
    readonly code: 'already-answered' | 'not-ringing' | 'already-ended' | 'ring-timed-out',
    message: string,
    /** Who has the call, when someone else answered first. */
    readonly answeredBy: string | null = null,
  ) {
    super(message);
  }
}

export function ringCall(callId: string, lotId: string, laneId: string, at: number): Call {
  return { callId, lotId, laneId, state: 'ringing', rungAt: at, answeredBy: null, answeredAt: null, endedAt: null, endReason: null };
}

/** The call as it stands at `now`: a ringing call past its timeout is unanswered. */
export function callAt(call: Call, now: number): Call {
  if (call.state === 'ringing' && now - call.rungAt >= RING_TIMEOUT_MS) return { ...call, state: 'unanswered', endedAt: call.rungAt + RING_TIMEOUT_MS };
  return call;
}

export function answerCall(call: Call, staffId: string, at: number): Call {
  const now = callAt(call, at);
  if (now.state === 'answered') throw new CallError('already-answered', `${now.answeredBy} already took this call`, now.answeredBy);
  if (now.state === 'unanswered') throw new CallError('ring-timed-out', 'the call rang out before it was answered');
  if (now.state !== 'ringing') throw new CallError('already-ended', 'the call has ended');
  return { ...now, state: 'answered', answeredBy: staffId, answeredAt: at };
}

export function endCall(call: Call, reason: CallEndReason, at: number): Call {
  const now = callAt(call, at);
  if (now.state === 'ended' || now.state === 'unanswered') throw new CallError('already-ended', 'the call has ended');
  return { ...now, state: 'ended', endedAt: at, endReason: reason };
}

/** Talk time, from answer to end; null for a call never answered or still going. */
export function talkMs(call: Call): number | null {
  return call.answeredAt !== null && call.endedAt !== null ? call.endedAt - call.answeredAt : null;
}

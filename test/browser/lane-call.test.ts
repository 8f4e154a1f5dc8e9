/** The lane's side of a call in real Chromium: ring, answered, two-way audio, hang-ups, ring-out and a lost link. */
import { expect } from '@esm-bundle/chai';
import { CallPeer, type CallSignalMessage } from '../../src/client/call-peer.js';
import { LaneCall, type LaneCallState, type LaneCallTransport } from '../../src/client/lane-call.js';
import type { Call } from '../../src/core/attendant/calls.js';
import { nextEvent } from './support.js';

const ringing = (callId = 'c1'): Call => ({ callId, lotId: 'lot-a', laneId: 'exit-1', state: 'ringing', rungAt: Date.now(), answeredBy: null, answeredAt: null, endedAt: null, endReason: null });

/** A proxy stand-in: records what the lane sends and relays its signals to a console peer. */
function fakeProxy(toConsole: (signal: CallSignalMessage) => void = () => {}) {
  const ended: string[] = [];
  const transport: LaneCallTransport = {
    ring: async () => ringing(),
    end: async (callId) => void ended.push(callId),
    signal: async (_callId, signal) => toConsole(JSON.parse(JSON.stringify(signal)) as CallSignalMessage),
  };
  return { transport, ended };
}

const reached = (call: LaneCall, state: LaneCallState) => nextEvent<CustomEvent<LaneCallState>>(call, 'state', (e) => e.detail === state, 15_000);

describe('LaneCall', () => {
  it('rings, is answered, talks both ways with the console, and ends when the attendant hangs up', async () => {
    let console_: CallPeer | null = null;
    const { transport } = fakeProxy((signal) => void console_?.receive(signal));
    const lane = new LaneCall({ transport, speaker: new Audio(), noteMs: 50 });
    await lane.ring();
    expect(lane.state).to.equal('ringing');
    lane.onCall({ ...ringing(), state: 'answered', answeredBy: 'li', answeredAt: Date.now() });
    expect(lane.state).to.equal('connecting');
    const inCall = reached(lane, 'in-call');
    console_ = new CallPeer({ role: 'offerer', send: async (signal) => lane.onSignal('c1', JSON.parse(JSON.stringify(signal)) as CallSignalMessage), speaker: new Audio() });
    await console_.start();
    await inCall;
    for (;;) {
      const bytes = await lane.audioBytes();
      if (bytes.sent > 0 && bytes.received > 0) break;
      await nextEvent(window, 'never', () => true, 100).catch(() => {});
    }
    const idle = reached(lane, 'idle');
    lane.onSignal('c1', { type: 'bye', body: null });
    expect(lane.state).to.equal('ended');
    await idle;
    console_.close();
  });

  it('says 无人接听 when the proxy rings the call out, then returns to idle', async () => {
    const lane = new LaneCall({ transport: fakeProxy().transport, noteMs: 50 });
    await lane.ring();
    lane.onCall({ ...ringing(), state: 'unanswered', endedAt: Date.now() });
    expect(lane.state).to.equal('unanswered');
    await reached(lane, 'idle');
  });

  it('a ring the proxy refuses fails at once; a call for another lane is ignored', async () => {
    const lane = new LaneCall({ transport: { ...fakeProxy().transport, ring: () => Promise.reject(new Error('offline')) }, noteMs: 10_000 });
    await lane.ring();
    expect(lane.state).to.equal('failed');
    const other = new LaneCall({ transport: fakeProxy().transport });
    await other.ring();
    other.onCall({ ...ringing('someone-else'), state: 'answered' });
    expect(other.state).to.equal('ringing');
  });

  it('when the link to the proxy drops mid-call the lane hangs up plainly instead of keeping a silent line', async () => {
    const { transport, ended } = fakeProxy();
    const lane = new LaneCall({ transport, noteMs: 10_000 });
    await lane.ring();
    lane.onStreamLost();
    await nextEvent(lane, 'state', () => true, 1000).catch(() => {});
    expect(lane.state).to.equal('ended');
    expect(ended).to.deep.equal(['c1']);
  });

  it('the proxy’s word of an end the lane made itself does not cut short the driver’s next call', async () => {
    const { transport } = fakeProxy();
    const lane = new LaneCall({ transport, noteMs: 100 });
    await lane.ring();
    await lane.hangUp();
    lane.onCall({ ...ringing(), state: 'ended', endedAt: Date.now(), endReason: 'hung-up-by-lane' });
    await lane.ring();
    expect(lane.state).to.equal('ringing');
    // Past every note the first call could have left behind: the second still rings.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(lane.state).to.equal('ringing');
    expect(lane.call?.callId).to.equal('c1');
  });

  it('a hang-up while the ring is on its way ends the call the proxy then names: no attendant answers an empty lane', async () => {
    let named!: (call: Call) => void;
    const ended: string[] = [];
    const lane = new LaneCall({
      transport: { ring: () => new Promise<Call>((resolve) => (named = resolve)), end: async (callId) => void ended.push(callId), signal: async () => {} },
      noteMs: 50,
    });
    const ringing_ = lane.ring();
    await lane.hangUp();
    expect(lane.state).to.equal('ended');
    named(ringing('c9'));
    await ringing_;
    expect(ended).to.deep.equal(['c9']);
    expect(lane.state).to.equal('ended');
    expect(lane.call).to.equal(null);
  });
});

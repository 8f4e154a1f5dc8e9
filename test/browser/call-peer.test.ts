/** Two-way audio between two CallPeers in real Chromium, signaling by hand as the proxy would relay it. */
import { expect } from '@esm-bundle/chai';
import { CallPeer, CallPeerError, type CallSignalMessage } from '../../src/client/call-peer.js';
import { nextEvent } from './support.js';

/** A tone as a microphone: an independent source of audio, no device needed. */
function toneMicrophone(): Promise<MediaStream> {
  const context = new AudioContext();
  const tone = context.createOscillator();
  const out = context.createMediaStreamDestination();
  tone.connect(out);
  tone.start();
  return Promise.resolve(out.stream);
}

describe('CallPeer', () => {
  it('connects a console (offerer) and a lane (answerer), and audio bytes flow both ways', async () => {
    const peers: { lane?: CallPeer; console?: CallPeer } = {};
    const relay = (to: 'lane' | 'console') => async (signal: CallSignalMessage) => {
      // Through JSON, as over the proxy.
      await peers[to]!.receive(JSON.parse(JSON.stringify(signal)) as CallSignalMessage);
    };
    // Chromium's fake microphone (a beep), as a kiosk and a console would open theirs.
    const console_ = (peers.console = new CallPeer({ role: 'offerer', send: relay('lane'), speaker: new Audio() }));
    const lane = (peers.lane = new CallPeer({ role: 'answerer', send: relay('console'), speaker: new Audio() }));
    const connected = Promise.all([console_, lane].map((peer) => nextEvent<CustomEvent>(peer, 'state', (e) => e.detail === 'connected', 10_000)));
    await lane.start();
    await console_.start();
    await connected;
    // Audio keeps flowing: wait until both directions have carried bytes, bounded by the test timeout.
    for (;;) {
      const [a, b] = await Promise.all([console_.audioBytes(), lane.audioBytes()]);
      if (a.sent > 0 && a.received > 0 && b.sent > 0 && b.received > 0) break;
      await nextEvent(window, 'never', () => true, 100).catch(() => {});
    }
    lane.close();
    console_.close();
    expect([lane.state, console_.state]).to.deep.equal(['closed', 'closed']);
  });

  it('with no microphone the call fails at once with a clear error, and does not hang', async () => {
    const peer = new CallPeer({ role: 'offerer', send: async () => {}, microphone: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) });
    let failure: unknown;
    await peer.start().catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(CallPeerError);
    expect((failure as CallPeerError).code).to.equal('no-microphone');
    expect(peer.state).to.equal('failed');
  });

  it('an answer arriving at the answerer is refused as a bad signal', async () => {
    const peer = new CallPeer({ role: 'answerer', send: async () => {}, microphone: toneMicrophone });
    let failure: unknown;
    await peer.receive({ type: 'answer', body: { type: 'answer', sdp: 'v=0' } }).catch((error: unknown) => (failure = error));
    expect((failure as CallPeerError).code).to.equal('bad-signal');
    peer.close();
  });
});

/**
 * Two-way audio between a lane kiosk and the attendant console over the browser's own
 * RTCPeerConnection. Signaling (offer, answer, ICE candidates, bye) travels through the proxy:
 * `send` posts a signal, `receive` takes one from the event stream. The console offers once it has
 * answered the call; the lane answers. On a lot LAN host candidates are enough; STUN/TURN come from
 * the config. Every wait is bounded: a call that does not connect in time fails, never hangs.
 */

export interface CallSignalMessage {
  type: 'offer' | 'answer' | 'candidate' | 'bye';
  body: unknown;
}

export interface CallPeerOptions {
  role: 'offerer' | 'answerer';
  send(signal: CallSignalMessage): Promise<void>;
  iceServers?: RTCIceServer[];
  /** The microphone; tests pass Chromium's fake device the same way. */
  microphone?: () => Promise<MediaStream>;
  /** Where the other side's voice plays. */
  speaker?: HTMLAudioElement;
  /** How long to wait for the connection (default 20 s). */
  connectTimeoutMs?: number;
}

export type CallPeerState = 'new' | 'connecting' | 'connected' | 'failed' | 'closed';

export class CallPeerError extends Error {
  override name = 'CallPeerError';
  constructor(
    readonly code: 'no-microphone' | 'connect-timeout' | 'connection-failed' | 'bad-signal',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Events: `state` (`detail: CallPeerState`) on every change. `closed` is final.
 */
export class CallPeer extends EventTarget {
  state: CallPeerState = 'new';
  private readonly pc: RTCPeerConnection;
  private microphone: MediaStream | null = null;
  private readonly pendingCandidates: RTCIceCandidateInit[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: CallPeerOptions) {
    super();
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers ?? [] });
    this.pc.addEventListener('icecandidate', (event) => {
      if (event.candidate) void options.send({ type: 'candidate', body: event.candidate.toJSON() }).catch(() => {});
    });
    this.pc.addEventListener('track', (event) => {
      if (options.speaker) options.speaker.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    });
    this.pc.addEventListener('connectionstatechange', () => {
      const s = this.pc.connectionState;
      if (s === 'connected') this.setState('connected');
      else if (s === 'failed') this.fail(new CallPeerError('connection-failed', 'the audio connection failed'));
    });
  }

  /** Opens the microphone and, for the offerer, sends the offer. */
  async start(): Promise<void> {
    this.setState('connecting');
    this.timer = setTimeout(() => this.fail(new CallPeerError('connect-timeout', 'the audio did not connect in time')), this.options.connectTimeoutMs ?? 20_000);
    await this.openMicrophone();
    if (this.options.role === 'offerer') {
      await this.pc.setLocalDescription(await this.pc.createOffer());
      await this.options.send({ type: 'offer', body: this.pc.localDescription!.toJSON() });
    }
  }

  /** A signal from the other side. */
  async receive(signal: CallSignalMessage): Promise<void> {
    if (this.state === 'closed' || this.state === 'failed') return;
    const body = signal.body as RTCSessionDescriptionInit & RTCIceCandidateInit;
    if (signal.type === 'bye') return this.close();
    if (signal.type === 'candidate') {
      if (this.pc.remoteDescription) await this.pc.addIceCandidate(body);
      else this.pendingCandidates.push(body);
      return;
    }
    if ((signal.type === 'offer') !== (this.options.role === 'answerer') || typeof body?.sdp !== 'string') throw new CallPeerError('bad-signal', `unexpected ${signal.type}`);
    await this.pc.setRemoteDescription({ type: signal.type, sdp: body.sdp });
    for (const candidate of this.pendingCandidates.splice(0)) await this.pc.addIceCandidate(candidate);
    if (signal.type === 'offer') {
      if (!this.microphone) await this.openMicrophone();
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      await this.options.send({ type: 'answer', body: this.pc.localDescription!.toJSON() });
    }
  }

  /** Audio bytes sent and received so far (from getStats), to show the line is live. */
  async audioBytes(): Promise<{ sent: number; received: number }> {
    let sent = 0;
    let received = 0;
    (await this.pc.getStats()).forEach((report: { type: string; kind?: string; bytesSent?: number; bytesReceived?: number }) => {
      if (report.type === 'outbound-rtp' && report.kind === 'audio') sent += report.bytesSent ?? 0;
      if (report.type === 'inbound-rtp' && report.kind === 'audio') received += report.bytesReceived ?? 0;
    });
    return { sent, received };
  }

  close(): void {
    if (this.state === 'closed') return;
    clearTimeout(this.timer);
    for (const track of this.microphone?.getTracks() ?? []) track.stop();
    this.pc.close();
    this.setState('closed');
  }

  private async openMicrophone(): Promise<void> {
    try {
      this.microphone = await (this.options.microphone ?? (() => navigator.mediaDevices.getUserMedia({ audio: true, video: false })))();
    } catch (error) {
      throw this.fail(new CallPeerError('no-microphone', `no microphone: ${(error as Error).message}`));
    }
    for (const track of this.microphone.getAudioTracks()) this.pc.addTrack(track, this.microphone);
  }

  private fail(error: CallPeerError): CallPeerError {
    if (this.state !== 'closed') {
      clearTimeout(this.timer);
      for (const track of this.microphone?.getTracks() ?? []) track.stop();
      this.pc.close();
      this.setState('failed');
      this.dispatchEvent(new CustomEvent('error', { detail: error }));
    }
    return error;
  }

  private setState(state: CallPeerState): void {
    if (state === this.state) return;
    if (state === 'connected') clearTimeout(this.timer);
    this.state = state;
    this.dispatchEvent(new CustomEvent<CallPeerState>('state', { detail: state }));
  }
}

/** The console's ring while a call waits: a two-tone chime from WebAudio, stopped as soon as nobody needs it. */
export class RingTone {
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  get ringing(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.context ??= new AudioContext();
    const chime = () => {
      const ctx = this.context!;
      for (const [frequency, at] of [
        [880, 0],
        [660, 0.25],
      ] as const) {
        const tone = ctx.createOscillator();
        const gain = ctx.createGain();
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.2, ctx.currentTime + at);
        gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.22);
        tone.connect(gain).connect(ctx.destination);
        tone.start(ctx.currentTime + at);
        tone.stop(ctx.currentTime + at + 0.23);
      }
    };
    chime();
    this.timer = setInterval(chime, 1500);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

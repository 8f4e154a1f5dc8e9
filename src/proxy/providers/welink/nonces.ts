/**
 * Welink nonces (spec 4.1.3): random positive integers that, with the Timestamp, make each call
 * unique. Welink refuses a repeated (Timestamp, Nonce) pair as a replay, and says only 0003
 * (authentication failed). Drawn independently from 2^31 − 1 values, two calls of one busy
 * second collide by the birthday bound: about n²/2³² a second at n calls a second. At the bench's
 * 3,000 a second that is one refused call every ~8 minutes, and a presigned batch of 30,000 in one
 * second repeats ~0.2 nonces. So within a process a nonce is never reused with its Timestamp.
 * Separate instances still draw independently: two of them at 10 calls a second each would repeat
 * one pair about every eight months; that one call fails, and the kiosk offers a retry.
 */
import { randomInt } from 'node:crypto';

/** 31 bits: the spec calls the nonce an integer, and a server may parse it as a signed 32-bit int. */
const drawNonce = (): number => randomInt(1, 2 ** 31);

export class UniqueNonces {
  private stamp: string | undefined;
  private readonly used = new Set<number>();

  constructor(private readonly draw: () => number = drawNonce) {}

  /** A nonce not yet given out with `stamp`. Only the latest stamp is remembered: time moves on. */
  next(stamp: string): string {
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      this.used.clear();
    }
    let nonce = this.draw();
    while (this.used.has(nonce)) nonce = this.draw();
    this.used.add(nonce);
    return String(nonce);
  }
}

/** Shared by every Welink client in the process: lots may share an AppId. */
export const processNonces = new UniqueNonces();

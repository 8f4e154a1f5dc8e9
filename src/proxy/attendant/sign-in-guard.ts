/**
 * Who may try a console password, and how often. Three buckets, each of 5 attempts and then one
 * every 12 s:
 * - per address: one address spraying guesses over many staff ids;
 * - per account and address: one address guessing one account's password;
 * - per account, for addresses the account has never signed in from: many addresses (a botnet)
 *   guessing one account together.
 * The last bucket is not charged for, nor does it stop, an address the account signed in from in
 * the last 30 days: an attacker who drains it from elsewhere cannot lock the attendant in the
 * booth out of their own account. Known addresses live in the shared store (hashed), so every
 * instance knows them; the buckets are per instance, like the proxy's other rate limits.
 */
import { createHash } from 'node:crypto';
import { RateLimiter, type RateDecision } from '../rate-limit.js';
import type { StateStore } from '../state/store.js';

const ATTEMPTS = { perMinute: 5, burst: 5 };
/** An address stays known this long after the account's last sign-in from it. */
const KNOWN_ADDRESS_TTL_MS = 30 * 86_400_000;

const knownKey = (staffId: string, address: string) => `console-known-address:${createHash('sha256').update(`${staffId}\n${address}`).digest('base64url')}`;

export class SignInGuard {
  private readonly byAddress = new RateLimiter(ATTEMPTS);
  private readonly byAccountAndAddress = new RateLimiter(ATTEMPTS);
  private readonly byAccountFromUnknown = new RateLimiter(ATTEMPTS);

  constructor(
    private readonly store: StateStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one attempt for `staffId` from `address`, or says how long to wait. */
  async admit(staffId: string, address: string): Promise<RateDecision> {
    const now = this.now();
    const byAddress = this.byAddress.take(address, now);
    if (!byAddress.allowed) return byAddress;
    const byPair = this.byAccountAndAddress.take(`${staffId}\n${address}`, now);
    if (!byPair.allowed) return byPair;
    if (await this.store.get(knownKey(staffId, address))) return { allowed: true };
    return this.byAccountFromUnknown.take(staffId, now);
  }

  /** After a successful sign-in: the address is one this account is used from. */
  async remember(staffId: string, address: string): Promise<void> {
    await this.store.put(knownKey(staffId, address), true, KNOWN_ADDRESS_TTL_MS);
  }
}

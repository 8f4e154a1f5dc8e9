/** Checks a staff PIN against the lane config's PBKDF2 hash with WebCrypto, no network needed. */
import type { StaffPinHash } from '../core/quote.js';

export async function staffPinMatches(pin: string, expected: StaffPinHash): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(expected.salt), iterations: expected.iterations },
    key,
    256,
  );
  const hex = [...new Uint8Array(bits)].map((b) => b.toString(16).padStart(2, '0')).join('');
  // Both sides are public-length hex; a plain comparison leaks nothing a PIN pad would not.
  return hex === expected.hash;
}

/**
 * Which keys an on-screen plate keyboard offers at each position, after the same rules as
 * `checkPlate`: a province first, then a letter, then letters and digits without I and O, a
 * suffix (学, 警, 港…) only in the last place, and the new-energy layouts in eight-character mode:
 * small cars 沪A D 1234 5 (a mark third), large cars 沪A 12345 D (a mark last).
 * Pure: the element renders what this says.
 */
import { NEW_ENERGY_SMALL_MARKS, PLATE_SUFFIXES, PROVINCES } from './plate.js';

export const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PLATE_DIGITS = '0123456789';

export type KeyboardPage = 'province' | 'alphanumeric';

export interface KeyboardLayout {
  page: KeyboardPage;
  /** Characters that may go at this position. Keys not in it are shown disabled. */
  allowed: ReadonlySet<string>;
}

/** Seven characters for ordinary plates, eight for new-energy ones. */
export function plateLength(newEnergy: boolean): 7 | 8 {
  return newEnergy ? 8 : 7;
}

/**
 * The keys allowed at `position`, given the characters before it. `chars` is what is typed so far
 * (it may be longer when the driver went back to correct an earlier cell).
 */
export function layoutAt(chars: readonly string[], position: number, newEnergy: boolean): KeyboardLayout {
  if (position === 0) return { page: 'province', allowed: new Set(PROVINCES) };
  const set = (...groups: string[]) => ({ page: 'alphanumeric' as const, allowed: new Set(groups.join('')) });
  if (position === 1) return set(PLATE_LETTERS);
  if (!newEnergy) {
    if (position < 6) return set(PLATE_LETTERS, PLATE_DIGITS);
    // Hong Kong and Macau cross-border plates exist only as 粤Z…港/澳.
    const suffixes = chars[0] === '粤' && chars[1] === 'Z' ? PLATE_SUFFIXES : PLATE_SUFFIXES.replace(/[港澳]/g, '');
    return set(PLATE_LETTERS, PLATE_DIGITS, suffixes);
  }
  const third = chars[2];
  const small = third !== undefined && NEW_ENERGY_SMALL_MARKS.includes(third);
  const large = third !== undefined && PLATE_DIGITS.includes(third);
  if (position === 2) return set(NEW_ENERGY_SMALL_MARKS, PLATE_DIGITS);
  if (position === 3) return small ? set(PLATE_LETTERS, PLATE_DIGITS) : set(PLATE_DIGITS);
  if (position < 7) return set(PLATE_DIGITS);
  return large ? set(NEW_ENERGY_SMALL_MARKS) : small ? set(PLATE_DIGITS) : set(PLATE_DIGITS, NEW_ENERGY_SMALL_MARKS);
}

/** Upper-cases a key typed on a physical keyboard; null for keys a plate can never hold. */
export function plateKeyFromKeyboard(key: string): string | null {
  if (key.length !== 1) return null;
  const upper = key.toUpperCase();
  return PLATE_LETTERS.includes(upper) || PLATE_DIGITS.includes(upper) ? upper : null;
}

/**
 * Chinese licence plates: normalisation and validation. Pure, table-free rules after GA 36-2018
 * and the new-energy amendments; see PLATFORM-NOTES "Plates".
 */

export const PROVINCES = '京津晋冀蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新';
export const PLATE_SUFFIXES = '学挂领试超警港澳';
/** Third character of a small new-energy plate (D/F only under the older rule). */
export const NEW_ENERGY_SMALL_MARKS = 'DABCEFGHJK';

export type PlateKind =
  | 'ordinary'
  | 'ordinary-suffixed'
  | 'new-energy-small'
  | 'new-energy-large'
  | 'embassy'
  | 'armed-police'
  | 'temporary';

export type PlateProblem = 'empty' | 'bad-province' | 'forbidden-letter' | 'bad-length' | 'bad-format';

export type PlateCheck =
  | { ok: true; plate: string; kind: PlateKind }
  | { ok: false; plate: string; problem: PlateProblem; message: string };

export class PlateError extends Error {
  override name = 'PlateError';
  constructor(
    readonly problem: PlateProblem,
    message: string,
  ) {
    super(message);
  }
}

const P = `[${PROVINCES}]`;
/** Letters the plate rules use: I and O are never issued, being too close to 1 and 0. */
const L = '[A-HJ-NP-Z]';
const AN = '[A-HJ-NP-Z0-9]';

const RULES: ReadonlyArray<[PlateKind, RegExp]> = [
  ['ordinary', new RegExp(`^${P}${L}${AN}{5}$`)],
  ['ordinary-suffixed', new RegExp(`^${P}${L}${AN}{4}[学挂领试超警]$`)],
  // Hong Kong and Macau cross-border plates are issued only as 粤Z.
  ['ordinary-suffixed', new RegExp(`^粤Z${AN}{4}[港澳]$`)],
  ['new-energy-small', new RegExp(`^${P}${L}[${NEW_ENERGY_SMALL_MARKS}]${AN}\\d{4}$`)],
  ['new-energy-large', new RegExp(`^${P}${L}\\d{5}[${NEW_ENERGY_SMALL_MARKS}]$`)],
  ['embassy', /^(?:使\d{6}|\d{6}使)$/],
  ['armed-police', new RegExp(`^WJ${P}?\\d{4}[0-9A-HJ-NP-Z消边通森金警电]$`)],
  // Platforms hand unlicensed cars a credential such as Welink's "QB02110239".
  ['temporary', /^[A-Z]{2}\d{6,12}$/],
];

/**
 * Trims, drops blanks and the separator dot people write (沪A·12345), folds full-width
 * ASCII to half-width and upper-cases.
 */
export function normalizePlate(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000·•・.-]/g, '')
    .toUpperCase();
}

export function checkPlate(raw: string): PlateCheck {
  const plate = normalizePlate(raw);
  for (const [kind, rule] of RULES) if (rule.test(plate)) return { ok: true, plate, kind };
  const fail = (problem: PlateProblem, message: string): PlateCheck => ({ ok: false, plate, problem, message });
  if (plate === '') return fail('empty', 'plate is empty');
  const first = plate[0]!;
  if (/[\u4e00-\u9fff]/.test(first) && !PROVINCES.includes(first) && first !== '使') {
    return fail('bad-province', `"${first}" is not a province abbreviation`);
  }
  if (PROVINCES.includes(first) && /[IO]/.test(plate)) {
    return fail('forbidden-letter', 'plates never use the letters I or O');
  }
  if (PROVINCES.includes(first) && (plate.length < 7 || plate.length > 8)) {
    return fail('bad-length', `a plate has 7 or 8 characters, this has ${[...plate].length}`);
  }
  return fail('bad-format', `"${plate}" is not a valid plate`);
}

/** Normalises and validates, throwing a PlateError that says what is wrong. */
export function parsePlate(raw: string): { plate: string; kind: PlateKind } {
  const check = checkPlate(raw);
  if (!check.ok) throw new PlateError(check.problem, check.message);
  return { plate: check.plate, kind: check.kind };
}

export function isNewEnergy(kind: PlateKind): boolean {
  return kind === 'new-energy-small' || kind === 'new-energy-large';
}

/**
 * What a printer model can do. Lanes use a handful of model classes; each profile fixes the paper
 * width, how Chinese text is switched on, QR, barcode and cutter support, and what happens to
 * characters outside the double-byte GB area. Chosen in the kiosk settings (by id).
 */

export interface PrinterProfile {
  id: string;
  name: string;
  paperMm: 58 | 80;
  /** Half-width characters per line at normal size (font A): 32 on 58 mm, 48 on 80 mm at 203 dpi. */
  columns: number;
  /** Printable dots per line: 384 on 58 mm and 576 on 80 mm at 203 dpi; 512 on an 80 mm head at 180 dpi. */
  dotsPerLine: number;
  /**
   * How the printer is put into its Chinese (GB) double-byte mode after `ESC @`:
   * `fs-and` sends `FS &` (Chinese firmware), `fs-c` also selects the code system with `FS C n`
   * (Epson-class firmware, where the wrong system prints GB bytes as Shift-JIS kanji), `none`
   * sends nothing (firmware that is always in Chinese mode and takes `FS &` badly).
   */
  chineseMode: 'fs-and' | 'fs-c' | 'none';
  /** n for `FS C n` when chineseMode is `fs-c`. */
  codeSystem?: number;
  /** Whether GS ( k QR printing is supported; otherwise QR codes go out as a GS v 0 raster. */
  nativeQr: boolean;
  /** Whether GS v 0 honours m = 3 (double width and height): a raster QR then goes at half size, a quarter of the bytes. */
  rasterScaling: boolean;
  /** Whether CODE128 (GS k 73) prints; without it barcodes are left out (the QR carries the data). */
  barcodes: boolean;
  cutter: 'full' | 'partial' | 'none';
  /** Lines fed before cutting, so the last line clears the blade (or the tear bar). */
  feedBeforeCut: number;
  /** Whether the firmware prints four-byte GB18030 (rare ideographs, many symbols); double-byte-only firmware prints garbage. */
  fourByteGb18030: boolean;
  /**
   * What happens to characters the printer cannot print (private use, four-byte where unsupported):
   * `substitute` prints `substitute` in their place; `raster` draws each line holding one as an
   * image (GS v 0) when the driver can draw text (in a browser), and substitutes otherwise.
   */
  unprintable: 'substitute' | 'raster';
  /** A two-byte GB character. */
  substitute: string;
}

const CHINESE_DOUBLE_BYTE = { fourByteGb18030: false, unprintable: 'substitute', substitute: '□' } as const;

export const GENERIC_58MM: PrinterProfile = {
  id: 'generic-58',
  name: 'Generic 58 mm (ESC/POS, Chinese)',
  paperMm: 58,
  columns: 32,
  dotsPerLine: 384,
  chineseMode: 'fs-and',
  nativeQr: true,
  rasterScaling: false,
  barcodes: true,
  cutter: 'none',
  feedBeforeCut: 3,
  ...CHINESE_DOUBLE_BYTE,
};

export const GENERIC_80MM: PrinterProfile = {
  ...GENERIC_58MM,
  id: 'generic-80',
  name: 'Generic 80 mm (ESC/POS, Chinese, auto-cutter)',
  paperMm: 80,
  columns: 48,
  dotsPerLine: 576,
  cutter: 'partial',
  feedBeforeCut: 4,
};

/** Older or cheaper heads without a QR command: QR codes are sent as bitmaps. */
export const GENERIC_58MM_RASTER: PrinterProfile = { ...GENERIC_58MM, id: 'generic-58-raster', name: 'Generic 58 mm, no native QR', nativeQr: false };

/** Epson TM-T20 class (China model): 80 mm at 203 dpi, GB18030 including four-byte, native QR, partial cut. */
export const EPSON_TM_T20: PrinterProfile = {
  id: 'epson-tm-t20',
  name: 'Epson TM-T20 class (80 mm)',
  paperMm: 80,
  columns: 48,
  dotsPerLine: 576,
  chineseMode: 'fs-c',
  codeSystem: 0,
  nativeQr: true,
  rasterScaling: true,
  barcodes: true,
  cutter: 'partial',
  feedBeforeCut: 4,
  fourByteGb18030: true,
  unprintable: 'raster',
  substitute: '□',
};

/** Epson TM-T88 class: 80 mm paper on a 180 dpi, 512-dot head, so font A gives 42 columns. */
export const EPSON_TM_T88: PrinterProfile = { ...EPSON_TM_T20, id: 'epson-tm-t88', name: 'Epson TM-T88 class (80 mm, 42 columns)', columns: 42, dotsPerLine: 512 };

/** Xprinter XP-58 class: Chinese firmware, double-byte GB only (other characters drawn as images), native QR, tear bar. */
export const XPRINTER_XP58: PrinterProfile = { ...GENERIC_58MM, id: 'xprinter-xp58', name: 'Xprinter XP-58 class (58 mm)', rasterScaling: true, unprintable: 'raster' };

/** Xprinter XP-80 class: as the XP-58 on 80 mm paper, with an auto-cutter. */
export const XPRINTER_XP80: PrinterProfile = { ...GENERIC_80MM, id: 'xprinter-xp80', name: 'Xprinter XP-80 class (80 mm, auto-cutter)', rasterScaling: true, unprintable: 'raster', cutter: 'full' };

/** POS-5890 / GP-58 class: always in Chinese mode, no QR command (raster only), tear bar; double-byte GB only, the rest substituted. */
export const POS_5890: PrinterProfile = {
  ...GENERIC_58MM,
  id: 'pos-5890',
  name: 'POS-5890 / GP-58 class (58 mm, no native QR)',
  chineseMode: 'none',
  nativeQr: false,
  rasterScaling: true,
};

export const PRINTER_PROFILES: readonly PrinterProfile[] = [
  GENERIC_58MM,
  GENERIC_80MM,
  GENERIC_58MM_RASTER,
  EPSON_TM_T20,
  EPSON_TM_T88,
  XPRINTER_XP58,
  XPRINTER_XP80,
  POS_5890,
];

/** The profile with this id, or the generic 80 mm one (the demo's) for an unknown or missing id. */
export function profileById(id: string | undefined): PrinterProfile {
  return PRINTER_PROFILES.find((p) => p.id === id) ?? GENERIC_80MM;
}

/** What a printer model can do. Ship generic 58 mm and 80 mm profiles; vendors differ in QR and cutter support. */

export interface PrinterProfile {
  id: string;
  name: string;
  /** Half-width characters per line at normal size: 32 on 58 mm paper, 48 on 80 mm. */
  columns: number;
  /** Printable dots per line (203 dpi): 384 on 58 mm, 576 on 80 mm. */
  dotsPerLine: number;
  /** Whether GS ( k QR printing is supported; otherwise QR codes go out as a GS v 0 raster. */
  nativeQr: boolean;
  /** Encoding for text; these printers take GB18030/GBK in Chinese mode (FS &). */
  codePage: 'gb18030';
  cutter: 'full' | 'partial' | 'none';
  /** Lines fed before cutting, so the last line clears the blade. */
  feedBeforeCut: number;
}

export const GENERIC_58MM: PrinterProfile = {
  id: 'generic-58',
  name: 'Generic 58 mm (ESC/POS, Chinese)',
  columns: 32,
  dotsPerLine: 384,
  nativeQr: true,
  codePage: 'gb18030',
  cutter: 'none',
  feedBeforeCut: 3,
};

export const GENERIC_80MM: PrinterProfile = {
  id: 'generic-80',
  name: 'Generic 80 mm (ESC/POS, Chinese, auto-cutter)',
  columns: 48,
  dotsPerLine: 576,
  nativeQr: true,
  codePage: 'gb18030',
  cutter: 'partial',
  feedBeforeCut: 4,
};

/** Older or cheaper heads without a QR command: QR codes are sent as bitmaps. */
export const GENERIC_58MM_RASTER: PrinterProfile = { ...GENERIC_58MM, id: 'generic-58-raster', name: 'Generic 58 mm, no native QR', nativeQr: false };

export const PRINTER_PROFILES: readonly PrinterProfile[] = [GENERIC_58MM, GENERIC_80MM, GENERIC_58MM_RASTER];

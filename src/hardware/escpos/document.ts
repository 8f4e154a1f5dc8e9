/**
 * A printable document as data: what the encoder turns into ESC/POS bytes and what the virtual
 * printer parses those bytes back into. Tests compare the two models, not byte soup.
 */

export type Align = 'left' | 'center' | 'right';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

export interface TextStyle {
  align: Align;
  bold: boolean;
  /** Character magnification, 1–8 (GS !). */
  width: number;
  height: number;
}

export type Block =
  | { kind: 'text'; text: string; style: TextStyle }
  | { kind: 'qr'; data: string; align: Align; moduleSize: number; level: QrErrorLevel }
  | { kind: 'barcode'; data: string; align: Align; height: number }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean };

export const PLAIN: TextStyle = { align: 'left', bold: false, width: 1, height: 1 };

/** Small helpers so templates read like the paper they produce. */
export const line = (text: string, style: Partial<TextStyle> = {}): Block => ({ kind: 'text', text, style: { ...PLAIN, ...style } });
export const qr = (data: string, options: Partial<{ align: Align; moduleSize: number; level: QrErrorLevel }> = {}): Block => ({
  kind: 'qr',
  data,
  align: options.align ?? 'center',
  moduleSize: options.moduleSize ?? 6,
  level: options.level ?? 'M',
});
export const barcode = (data: string, options: Partial<{ align: Align; height: number }> = {}): Block => ({
  kind: 'barcode',
  data,
  align: options.align ?? 'center',
  height: options.height ?? 64,
});
export const feed = (lines = 1): Block => ({ kind: 'feed', lines });
export const cut = (partial = true): Block => ({ kind: 'cut', partial });

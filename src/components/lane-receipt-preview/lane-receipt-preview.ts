import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { PrintedBlock } from '../../hardware/virtual/escpos-parser.js';
import { drawQrCode } from '../shared/qr-canvas.js';
import { receiptPreviewStyles } from './lane-receipt-preview.styles.js';

/**
 * @tag lane-receipt-preview
 * @summary Shows what a (virtual) printer printed: text with its alignment and size, QR codes,
 * raster images, barcodes and cuts, on a strip of paper as wide as the printer's columns.
 *
 * @attr columns - Characters per line (32 for 58 mm, 48 for 80 mm).
 * @prop blocks - The printed blocks (`PrintedBlock[]`, from VirtualPrinter).
 *
 * @csspart paper - The paper strip.
 * @csspart empty - Shown when nothing has been printed.
 *
 * @cssprop --lane-paper - Paper colour.
 * @cssprop --lane-receipt-font - Monospace font with CJK at double width.
 * @cssprop --lane-receipt-font-size - Font size (default 14px).
 * @cssprop --lane-muted - Colour of hints and secondary text (default #475569).
 */
export class LaneReceiptPreview extends LitElement {
  static override styles = receiptPreviewStyles;

  @property({ attribute: false }) blocks: PrintedBlock[] = [];
  @property({ type: Number }) columns = 32;

  protected override updated(): void {
    this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-index]').forEach((canvas) => {
      const block = this.blocks[Number(canvas.dataset.index)];
      if (block?.kind === 'qr') drawQrCode(canvas, block.data, { errorCorrectionLevel: block.level, margin: 2, width: 192 });
      if (block?.kind === 'raster') drawRaster(canvas, block);
    });
  }

  protected override render() {
    if (this.blocks.length === 0) return html`<div part="empty">—</div>`;
    return html`<div part="paper" style=${styleMap({ '--_columns': String(this.columns) })} role="document" aria-label="receipt">
      ${this.blocks.map((block, index) => this.renderBlock(block, index))}
    </div>`;
  }

  private renderBlock(block: PrintedBlock, index: number) {
    switch (block.kind) {
      case 'text':
        return html`<div
          class="line ${block.style.align} ${block.style.bold ? 'bold' : ''}"
          style=${styleMap({ fontSize: block.style.height > 1 ? `${block.style.height}em` : null, letterSpacing: block.style.width > 1 ? `${(block.style.width - 1) * 0.5}em` : null })}
        >${block.text}</div>`;
      case 'qr':
      case 'raster':
        return html`<div class="image ${block.align}"><canvas data-index=${index} role="img" aria-label=${block.kind === 'qr' ? `QR ${block.data}` : 'image'}></canvas></div>`;
      case 'barcode':
        return html`<div class="line ${block.align} barcode">▌▍▌▎▌▍ ${block.data} ▍▌▎▌▍▌</div>`;
      case 'feed':
        return block.lines > 0 ? html`<div style=${styleMap({ height: `${Math.min(block.lines, 6) * 1.35}em` })}></div>` : nothing;
      case 'cut':
        return html`<div class="cut">✂</div>`;
    }
  }
}

function drawRaster(canvas: HTMLCanvasElement, block: Extract<PrintedBlock, { kind: 'raster' }>): void {
  const width = block.widthBytes * 8;
  canvas.width = width;
  canvas.height = block.height;
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(width, block.height);
  for (let y = 0; y < block.height; y++) {
    for (let x = 0; x < width; x++) {
      const black = (block.bits[y * block.widthBytes + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
      const at = (y * width + x) * 4;
      image.data.fill(black ? 0 : 255, at, at + 3);
      image.data[at + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
}

if (!customElements.get('lane-receipt-preview')) customElements.define('lane-receipt-preview', LaneReceiptPreview);

declare global {
  interface HTMLElementTagNameMap {
    'lane-receipt-preview': LaneReceiptPreview;
  }
}

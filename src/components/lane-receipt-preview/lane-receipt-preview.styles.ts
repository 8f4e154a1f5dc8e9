import { css } from 'lit';

export const receiptPreviewStyles = css`
  :host {
    display: inline-block;
    --_paper: var(--lane-paper, #fffef7);
  }
  [part='paper'] {
    box-sizing: content-box;
    width: calc(var(--_columns) * 1ch);
    padding: 1rem 0.75rem;
    background: var(--_paper);
    color: #111;
    font-family: var(--lane-receipt-font, 'Noto Sans Mono CJK SC', 'WenQuanYi Zen Hei Mono', ui-monospace, monospace);
    font-size: var(--lane-receipt-font-size, 14px);
    line-height: 1.35;
    box-shadow: 0 1px 6px rgb(0 0 0 / 0.2);
    white-space: pre;
    overflow: hidden;
  }
  .line {
    min-height: 1.35em;
  }
  .bold {
    font-weight: 700;
  }
  .center {
    text-align: center;
  }
  .right {
    text-align: right;
  }
  .image {
    display: flex;
    padding: 0.25rem 0;
  }
  .image.center {
    justify-content: center;
  }
  .image.right {
    justify-content: flex-end;
  }
  canvas {
    image-rendering: pixelated;
    width: min(100%, 12rem);
  }
  .barcode {
    letter-spacing: 0.1em;
  }
  .cut {
    border-top: 2px dashed #999;
    margin: 0.75rem -0.75rem 0;
    text-align: right;
    color: #999;
    font-size: 0.75em;
  }
  [part='empty'] {
    color: var(--lane-muted, #475569);
    font-family: system-ui, sans-serif;
  }
`;

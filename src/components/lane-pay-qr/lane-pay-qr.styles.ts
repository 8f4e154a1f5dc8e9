import { css } from 'lit';

export const payQrStyles = css`
  :host {
    display: inline-flex;
    flex-direction: column;
    align-items: center;
    gap: var(--lane-space, 1rem);
    color: var(--lane-text, #0f172a);
    font-family: var(--lane-font, system-ui, 'PingFang SC', 'Noto Sans CJK SC', sans-serif);
  }
  [part='code'] {
    background: #fff;
    padding: 12px;
    border-radius: 12px;
    line-height: 0;
  }
  canvas {
    width: var(--lane-qr-size, 320px);
    height: var(--lane-qr-size, 320px);
    image-rendering: pixelated;
  }
  [part='amount'] {
    font-size: var(--lane-amount-size, 4rem);
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    color: var(--lane-accent, #d4380d);
  }
  [part='countdown'] {
    font-size: 1.25rem;
    color: var(--lane-muted, #475569);
    font-variant-numeric: tabular-nums;
  }
  :host([paid]) [part='code'] {
    opacity: 0.15;
  }
  [part='paid-mark'] {
    font-size: 2rem;
    font-weight: 700;
    color: var(--lane-success, #237804);
  }
`;

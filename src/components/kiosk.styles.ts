import { css } from 'lit';

/** The look both lane screens share: header, big buttons, fee panel, footer with the status bar. */
export const kioskStyles = css`
  :host {
    --_accent: var(--lane-accent, #d4380d);
    --_primary: var(--lane-primary, #0958d9);
    --_bg: var(--lane-bg, #f1f5f9);
    --_panel: var(--lane-panel, #ffffff);
    --_text: var(--lane-text, #0f172a);
    --_muted: var(--lane-muted, #475569);
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    min-height: 100%;
    background: var(--_bg);
    color: var(--_text);
    font-family: var(--lane-font, system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif);
    font-size: var(--lane-font-size, clamp(1.25rem, 2vmin + 0.5rem, 2.5rem));
  }
  [part='header'] {
    display: flex;
    justify-content: space-between;
    align-items: center;
    padding: 1rem 2rem;
    background: var(--lane-header-bg, #0f172a);
    color: var(--lane-header-text, #f8fafc);
  }
  .lot {
    font-size: 1.15em;
    font-weight: 700;
  }
  .clock {
    font-size: 1.3em;
    font-variant-numeric: tabular-nums;
  }
  [part='screen'] {
    flex: 1;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 1.5rem;
    padding: 2rem;
    text-align: center;
  }
  h1 {
    margin: 0;
    font-size: 1.6em;
  }
  .plate {
    font-size: 2em;
    font-weight: 700;
    letter-spacing: 0.12em;
    padding: 0.25rem 1rem;
    border-radius: 0.5rem;
    background: var(--lane-plate-bg, #0050b3);
    color: #fff;
  }
  button {
    font: inherit;
    min-height: 64px;
    min-width: 160px;
    padding: 0.75rem 2rem;
    border: 0;
    border-radius: 0.75rem;
    background: var(--_primary);
    color: #fff;
    font-weight: 600;
    cursor: pointer;
    touch-action: manipulation;
  }
  button.secondary {
    background: var(--_panel);
    color: var(--_text);
    border: 2px solid var(--_muted);
  }
  button:focus-visible {
    outline: 4px solid var(--_text);
    outline-offset: 3px;
  }
  .actions {
    display: flex;
    gap: 1rem;
    flex-wrap: wrap;
    justify-content: center;
  }
  [part='fee'] {
    display: grid;
    grid-template-columns: auto auto;
    /* The label of the amount due sits on the line of its large figures, not above them. */
    align-items: baseline;
    gap: 0.5rem 2rem;
    padding: 1.5rem 2.5rem;
    background: var(--_panel);
    border-radius: 1rem;
    text-align: left;
    margin: 0;
  }
  [part='fee'] dd {
    margin: 0;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  [part='fee'] .due {
    font-size: 2em;
    font-weight: 700;
    color: var(--_accent);
  }
  .big {
    font-size: 2.2em;
    font-weight: 700;
  }
  .success {
    color: var(--lane-success, #237804);
  }
  .hint {
    color: var(--_muted);
    max-width: 40ch;
  }
  .spinner {
    width: 64px;
    height: 64px;
    border: 8px solid #cbd5e1;
    border-top-color: var(--_primary);
    border-radius: 50%;
    animation: spin 0.9s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  [part='footer'] {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    min-height: 2.5rem;
    padding: 0.5rem 2rem;
    font-size: 0.7em;
    color: var(--_muted);
  }
  [part='offline-banner'] {
    padding: 0.5rem 2rem;
    background: var(--lane-warning-bg, #fff1b8);
    color: var(--lane-warning-text, #613400);
    font-weight: 600;
  }
  button.link {
    min-height: 48px;
    min-width: 0;
    padding: 0 0.5rem;
    background: none;
    text-decoration: underline;
  }
  [part='outbox-alert'],
  [part='gate-alert'] {
    color: var(--lane-danger, #a8071a);
    font-weight: 600;
    margin-inline-start: 1rem;
  }
  .overlay {
    position: fixed;
    inset: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 1rem;
    background: rgb(15 23 42 / 0.45);
    z-index: 5;
  }
  .alert {
    background: #fff;
    color: var(--lane-danger, #a8071a);
    padding: 0.5rem 1rem;
    border-radius: 0.5rem;
  }
  lane-pay-qr {
    /* Phones read a big code from a driver's seat, arm's length through a car window. */
    --lane-qr-size: min(50vmin, 560px);
    --lane-amount-size: 2.4em;
  }
  .tools {
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }
  button.tool {
    min-width: 0;
    min-height: 48px;
    padding: 0 1rem;
    font-size: 0.75em;
    background: transparent;
    color: inherit;
    border: 2px solid currentColor;
  }
  button.tool[aria-pressed='false'] {
    opacity: 0.6;
    text-decoration: line-through;
  }
  button.tool:focus-visible {
    outline-color: currentColor;
  }
  .spaces {
    margin: 0;
    font-size: 1.2em;
    font-weight: 600;
    color: var(--lane-success, #237804);
  }
  /* Keyboard and lane QR side by side on a landscape screen, stacked on a portrait one. */
  .identify {
    display: flex;
    gap: 3rem;
    align-items: center;
    justify-content: center;
    width: 100%;
  }
  .keyboard {
    flex: 1 1 auto;
    max-width: 900px;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 1rem;
  }
  .keyboard .hint {
    margin: 0;
  }
  lane-plate-input {
    width: 100%;
  }
  .lane-qr {
    margin: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .lane-qr lane-pay-qr {
    --lane-qr-size: min(22vmin, 240px);
  }
  @media (orientation: portrait) {
    .identify {
      flex-direction: column;
    }
  }
  .notes:empty {
    display: none;
  }
`;

import { css } from 'lit';

/**
 * The look both lane screens share: header, offline banner, big buttons, footer with the status bar.
 * Lane equipment is read from a car window: the plate, the amount and the next action are large,
 * every target is at least 80px, and the kiosk fills its box without ever scrolling.
 */
export const kioskStyles = css`
  :host {
    position: relative;
    --_accent: var(--lane-accent, #d4380d);
    --_primary: var(--lane-primary, #0958d9);
    --_bg: var(--lane-bg, #f1f5f9);
    --_panel: var(--lane-panel, #ffffff);
    --_text: var(--lane-text, #0f172a);
    --_muted: var(--lane-muted, #475569);
    --_target: 80px;
    --_banner-block: 1.8em;
    /*
     * Fixed rows: header, the offline banner's strip (reserved whether or not the banner shows, so
     * nothing below it moves when the lane goes offline), the screen, the footer.
     */
    display: grid;
    grid-template-rows: auto var(--_banner-block) minmax(0, 1fr) auto;
    grid-template-columns: minmax(0, 1fr);
    box-sizing: border-box;
    height: 100%;
    overflow: hidden;
    background: var(--_bg);
    color: var(--_text);
    font-family: var(--lane-font, system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif);
    font-size: var(--lane-font-size, clamp(1.25rem, 2.2vmin + 0.5rem, 2.75rem));
  }
  [part='header'] {
    grid-row: 1;
    display: flex;
    gap: 1rem;
    justify-content: space-between;
    align-items: center;
    padding: 0.25rem 1.5rem;
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
    grid-row: 3;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    /* A tall screen spaces its few large items out, rather than leaving empty thirds above and below. */
    gap: clamp(1.25rem, 5vh - 1rem, 6rem);
    padding: 1rem;
    text-align: center;
    overflow: hidden;
  }
  /* The screen's gap spaces its items; a paragraph's own margins would double it. */
  [part='screen'] p {
    margin: 0;
  }
  h1 {
    margin: 0;
    font-size: 1.6em;
  }
  .plate {
    max-width: 100%;
    box-sizing: border-box;
    overflow-wrap: anywhere;
    font-size: 2.4em;
    font-weight: 700;
    letter-spacing: 0.12em;
    padding: 0.25rem 1rem;
    border-radius: 0.5rem;
    background: var(--lane-plate-bg, #0050b3);
    color: #fff;
  }
  .plate.new-energy {
    background: var(--lane-plate-new-energy, #16a34a);
  }
  .car-ref {
    font-size: 1.6em;
    font-weight: 600;
    letter-spacing: 0.05em;
  }
  button {
    font: inherit;
    min-height: var(--_target);
    min-width: max(var(--_target), 5em);
    padding: 0.75rem 2rem;
    border: 0;
    border-radius: 0.75rem;
    background: var(--_primary);
    color: #fff;
    font-weight: 600;
    cursor: pointer;
    touch-action: manipulation;
  }
  /* The one next action is the largest thing a driver can press. */
  .actions button:not(.secondary) {
    min-height: calc(var(--_target) * 1.3);
    font-size: 1.25em;
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
    grid-row: 4;
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    min-height: 2.5rem;
    padding: 0.5rem 2rem;
    font-size: 0.7em;
    color: var(--_muted);
  }
  [part='offline-banner'] {
    grid-row: 2;
    display: flex;
    align-items: center;
    padding: 0 1.5rem;
    background: var(--lane-warning-bg, #fff1b8);
    color: var(--lane-warning-text, #613400);
    font-weight: 600;
  }
  button.link {
    min-height: var(--_target);
    min-width: 0;
    padding: 0 0.5rem;
    background: none;
    text-decoration: underline;
  }
  [part='gate-alert'] {
    color: var(--lane-danger, #a8071a);
    font-weight: 600;
    margin-inline-start: 1rem;
  }
  [part='screen'] {
    position: relative;
  }
  /*
   * Notes over the screen, not in its flow: the buttons the driver is reaching for do not move, and
   * a tap goes through to them.
   */
  .over-screen {
    pointer-events: none;
    text-align: center;
    /* Chinese lines break at its punctuation, not inside a word (请稍 / 候). */
    word-break: keep-all;
    text-wrap: balance;
    position: absolute;
    top: 1rem;
    left: 50%;
    transform: translateX(-50%);
    z-index: 5;
    width: max-content;
    max-width: calc(100% - 2rem);
    padding: 1rem 2rem;
    border-radius: 1rem;
    background: var(--_panel);
    box-shadow: 0 6px 24px #0003;
  }
  /*
   * Out of the screen's grid, over the footer's staff chips, as the staff overlays are: the plate,
   * the fee and the buttons the driver talks about stay in view, and nothing on the screen moves.
   */
  [part='call'] {
    position: absolute;
    bottom: 0.5rem;
    left: 50%;
    transform: translateX(-50%);
    z-index: 6;
    width: min(calc(100% - 1rem), 60rem);
    box-sizing: border-box;
  }
  /*
   * Over the kiosk's own box, not the page's: beside the demo's device tab the dialog still fits whole.
   * Over the call band too: staff who opened a form at the lane must reach all of it during a call.
   */
  .overlay {
    position: absolute;
    inset: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 1rem;
    background: rgb(15 23 42 / 0.45);
    z-index: 7;
  }
  .alert {
    background: #fff;
    color: var(--lane-danger, #a8071a);
    padding: 0.5rem 1rem;
    border-radius: 0.5rem;
  }
  lane-pay-qr {
    /* Phones read a big code from a driver's seat, arm's length through a car window. */
    --lane-qr-size: min(46vmin, 560px);
    --lane-amount-size: 2.4em;
  }
  .tools {
    flex-shrink: 0;
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }
  button.tool {
    white-space: nowrap;
    min-width: var(--_target);
    min-height: var(--_target);
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
  /* Reserved before the count arrives: exactly one line of .spaces (1.2em × 1.25), so its arrival moves nothing. */
  .spaces-slot {
    min-block-size: 1.5em;
    line-height: 1.25;
  }
  @media (orientation: portrait) {
    /* A tall screen has room to make what the driver reads from the seat larger still. */
    .plate {
      font-size: 3em;
    }
    .big {
      font-size: 3em;
    }
    lane-pay-qr {
      --lane-qr-size: min(58vw, 44vh, 720px);
      --lane-amount-size: 3em;
    }
  }
`;

import { css } from 'lit';

export const statusBarStyles = css`
  :host {
    display: block;
    position: relative;
    color: var(--lane-text, #0f172a);
    font-family: var(--lane-font, system-ui, 'PingFang SC', 'Noto Sans CJK SC', sans-serif);
    font-size: 1rem;
  }
  /*
   * The strip is as high as its 80 px button in any language at any kiosk width, so the screen
   * above it never moves: the button keeps its place at the end, and the chips beside it take a
   * second row within that height when their words are long (English at 800 px). A chip wider than
   * the whole row gives up its end (…); the details show every word.
   */
  .bar {
    display: flex;
    flex-wrap: nowrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.4rem 0.6rem;
    background: #f1f5f9;
  }
  .live {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
  .chips {
    flex: 1 1 0;
    min-inline-size: 0;
    display: flex;
    flex-wrap: wrap;
    align-content: center;
    gap: 0.4rem 0.5rem;
  }
  .chip {
    max-inline-size: 100%;
    box-sizing: border-box;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    padding: 0.2rem 0.6rem;
    border-radius: 999px;
    border: 2px solid currentColor;
    background: #fff;
    font-weight: 600;
  }
  .chip.ok {
    color: var(--lane-status-ok, #166534);
  }
  .chip.warn {
    color: var(--lane-status-warn, #92400e);
  }
  .chip.bad {
    color: #fff;
    background: var(--lane-status-bad, #b91c1c);
    border-color: var(--lane-status-bad, #b91c1c);
  }
  .toggle {
    flex: none;
    /* A touch target on the kiosk like any other. */
    min-block-size: 80px;
    min-inline-size: 80px;
    padding: 0 1rem;
    font: inherit;
    border: 2px solid #334155;
    border-radius: 8px;
    background: #fff;
    color: #0f172a;
    cursor: pointer;
  }
  /* Opens over what is above the bar, so the screen it sits under never changes size or moves. */
  .detail {
    position: absolute;
    inset-inline: 0;
    inset-block-end: 100%;
    z-index: 1;
    max-block-size: 60vh;
    overflow: auto;
    box-shadow: 0 -0.5rem 1rem rgb(15 23 42 / 0.15);
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: 0.5rem 1rem;
    margin: 0;
    padding: 0.8rem;
    background: #fff;
    border-block-start: 1px solid #cbd5e1;
  }
  .detail dt {
    font-size: 0.85rem;
    color: #475569;
  }
  .detail dd {
    margin: 0;
    font-weight: 600;
  }
`;

import { css } from 'lit';

export const statusBarStyles = css`
  :host {
    display: block;
    position: relative;
    color: var(--lane-text, #0f172a);
    font-family: var(--lane-font, system-ui, 'PingFang SC', 'Noto Sans CJK SC', sans-serif);
    font-size: 1rem;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
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
  .chip {
    padding: 0.3rem 0.7rem;
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
    margin-inline-start: auto;
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

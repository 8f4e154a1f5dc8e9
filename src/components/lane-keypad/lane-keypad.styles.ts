import { css } from 'lit';

export const keypadStyles = css`
  :host {
    display: block;
    --key: max(var(--lane-keypad-key-size, 80px), 80px);
    color: var(--lane-text, #0f172a);
    font-family: var(--lane-font, system-ui, 'PingFang SC', 'Noto Sans CJK SC', sans-serif);
  }
  .label {
    font-size: 1.1rem;
    min-block-size: 1.4em;
  }
  /* One line high whether empty or not, so the first key typed moves nothing below it. */
  [part='display'] {
    display: block;
    box-sizing: border-box;
    line-height: 1.25;
    min-block-size: calc(1.25em + 0.4em + 4px);
    padding: 0.2em 0.5em;
    font-size: 2rem;
    font-weight: 700;
    letter-spacing: 0.1em;
    text-align: center;
    border: 2px solid var(--lane-muted, #475569);
    border-radius: 0.5rem;
    background: #f8fafc;
    overflow-wrap: anywhere;
  }
  /* Rows of exactly one key; a host that swaps layouts reserves its tallest with --lane-keypad-rows. */
  [part='keys'] {
    display: grid;
    grid-template-columns: repeat(var(--lane-keypad-columns, 3), minmax(var(--key), 1fr));
    grid-auto-rows: var(--key);
    align-content: start;
    gap: 0.5rem;
    margin-block-start: 0.5rem;
    min-block-size: max(0px, calc(var(--lane-keypad-rows, 0) * (var(--key) + 0.5rem) - 0.5rem));
  }
  :host([layout='alphanumeric']) [part='keys'] {
    grid-template-columns: repeat(var(--lane-keypad-columns, 8), minmax(var(--key), 1fr));
  }
  button {
    min-block-size: var(--key);
    font: inherit;
    font-size: 1.6rem;
    font-weight: 600;
    border: 2px solid var(--lane-muted, #475569);
    border-radius: 0.6rem;
    background: var(--lane-panel, #fff);
    color: inherit;
    cursor: pointer;
    touch-action: manipulation;
  }
  :host([layout='decimal']) [part='enter'] {
    grid-column: span 2;
  }
  /* Words, not characters: smaller, so Clear fits an 80 px key as 清空 does. */
  [part='action'] {
    font-size: 1.25rem;
    padding: 0;
  }
  button:active {
    background: #e2e8f0;
  }
  [part='enter'] {
    grid-column: 1 / -1;
    background: var(--lane-primary, #0958d9);
    border-color: var(--lane-primary, #0958d9);
    color: #fff;
  }
`;

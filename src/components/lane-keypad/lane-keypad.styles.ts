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
  [part='display'] {
    display: block;
    box-sizing: border-box;
    min-block-size: 1.6em;
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
  [part='keys'] {
    display: grid;
    grid-template-columns: repeat(var(--lane-keypad-columns, 3), minmax(var(--key), 1fr));
    gap: 0.5rem;
    margin-block-start: 0.5rem;
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

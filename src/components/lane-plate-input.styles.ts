import { css } from 'lit';

export const plateInputStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    gap: var(--lane-space, 0.75rem);
    color: var(--lane-text, #0f172a);
    font-family: var(--lane-font, system-ui, 'PingFang SC', 'Noto Sans CJK SC', sans-serif);
    outline: none;
  }
  .cells {
    display: flex;
    justify-content: center;
    gap: 0.4rem;
  }
  .cell {
    inline-size: clamp(48px, 9vmin, 88px);
    block-size: clamp(60px, 11vmin, 104px);
    font: inherit;
    font-size: clamp(1.6rem, 5vmin, 3rem);
    font-weight: 700;
    border: 3px solid #94a3b8;
    border-radius: 10px;
    background: #1d4ed8;
    color: #fff;
    cursor: pointer;
  }
  :host([new-energy]) .cell {
    background: var(--lane-plate-new-energy, #16a34a);
    color: #0f172a;
  }
  .cell.gap {
    margin-inline-start: 0.8rem;
  }
  .cell.current {
    border-color: var(--lane-accent, #f59e0b);
    box-shadow: 0 0 0 4px color-mix(in srgb, var(--lane-accent, #f59e0b) 40%, transparent);
  }
  .cell:disabled {
    cursor: default;
    opacity: 0.85;
  }
  .status {
    margin: 0;
    text-align: center;
    font-size: 1.1rem;
    min-block-size: 1.5em;
  }
  .status[data-valid='true'] {
    color: var(--lane-success, #15803d);
    font-weight: 600;
  }
  .keyboard {
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
    padding: 0.6rem;
    border-radius: 14px;
    background: #e2e8f0;
  }
  .row {
    display: flex;
    justify-content: center;
    gap: 0.4rem;
  }
  .key,
  .action {
    flex: 1 1 0;
    max-inline-size: 7rem;
    min-inline-size: 48px;
    block-size: max(48px, var(--lane-key-size, 64px));
    font: inherit;
    font-size: 1.5rem;
    border: none;
    border-radius: 8px;
    background: #fff;
    color: #0f172a;
    box-shadow: 0 2px 0 #94a3b8;
    cursor: pointer;
    touch-action: manipulation;
  }
  .key:disabled {
    background: #cbd5e1;
    color: #475569;
    box-shadow: none;
    cursor: default;
  }
  .action {
    font-size: 1.2rem;
    background: #f8fafc;
  }
  .action.confirm {
    background: var(--lane-accent, #1d4ed8);
    color: #fff;
    font-weight: 700;
  }
  .action:disabled {
    opacity: 0.55;
    cursor: default;
  }
  button:focus-visible {
    outline: 3px solid var(--lane-accent, #f59e0b);
    outline-offset: 2px;
  }
`;

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
  /* A cell is a touch target too: it moves the cursor for a correction. */
  .cell {
    inline-size: clamp(80px, 9.5vmin, 112px);
    block-size: clamp(80px, 11vmin, 120px);
    font: inherit;
    font-size: clamp(1.8rem, 5.5vmin, 3.4rem);
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
    font-size: clamp(1.1rem, 2.4vmin, 1.6rem);
    min-block-size: 1.5em;
  }
  .status[data-valid='true'] {
    color: var(--lane-success, #15803d);
    font-weight: 600;
  }
  /*
   * The keys sit in a grid whose rows are fixed for the width: a page with fewer keys leaves rows
   * empty instead of moving the action row, so OK stays where the driver's finger last found it.
   * Wide boards hold 10 keys a row (11 provinces); narrow ones 8, so no key drops below 80px.
   */
  .keyboard {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
    padding: 0.6rem;
    border-radius: 14px;
    background: #e2e8f0;
    --_key-block: max(48px, var(--lane-key-size, clamp(80px, 13vh - 110px, 150px)));
  }
  .keys {
    --_columns: 10;
    --_rows: 5;
    display: grid;
    grid-template-columns: repeat(var(--_columns), minmax(0, 1fr));
    grid-template-rows: repeat(var(--_rows), var(--_key-block));
    gap: 0.4rem;
  }
  .keyboard[data-page='province'] .keys {
    --_columns: 11;
  }
  @container (max-width: 959px) {
    .keys,
    .keyboard[data-page='province'] .keys {
      --_columns: 8;
      --_rows: 6;
    }
    /* Eight to a row, the letters go on after 8 and 9 instead of leaving six holes beside them. */
    .group-start.follows-digits {
      grid-column-start: auto;
    }
  }
  .group-start {
    grid-column-start: 1;
  }
  .actions {
    display: flex;
    gap: 0.4rem;
  }
  .key,
  .action {
    min-inline-size: 48px;
    block-size: var(--_key-block);
    font: inherit;
    font-size: clamp(1.5rem, 3.6vmin, 2.4rem);
    border: none;
    border-radius: 8px;
    background: #fff;
    color: #0f172a;
    box-shadow: 0 2px 0 #94a3b8;
    cursor: pointer;
    touch-action: manipulation;
  }
  .action {
    flex: 1 1 0;
  }
  .key:disabled {
    background: #cbd5e1;
    color: #475569;
    box-shadow: none;
    cursor: default;
  }
  .action {
    font-size: clamp(1.2rem, 2.8vmin, 1.8rem);
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

import { css } from 'lit';
import { touchControlStyles } from '../shared/touch-controls.js';

/**
 * Every control is a touch target of at least 80 px; in landscape the keypad sits beside the fields.
 * Nothing moves as staff work: the keypad keeps room for its tallest layout (A–Z for the staff id,
 * five rows; the PIN pad with its enter key is five too) and, beside the fields, its widest (eight
 * keys); the line for a problem is kept free until one is shown.
 */
export const staffExitStyles = [
  touchControlStyles,
  css`
  :host {
    display: block;
    max-inline-size: 100%;
    font-size: var(--lane-font-size, 1.25rem);
    color: var(--lane-text, #0f172a);
    --target: 80px;
  }
  [part='panel'] {
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    padding: 1.25rem;
    background: var(--lane-panel, #fff);
    border-radius: 1rem;
    box-shadow: 0 8px 32px rgb(15 23 42 / 0.25);
    inline-size: min(56rem, 96vw);
    max-inline-size: 100%;
    max-block-size: 98vh;
  }
  .title {
    font-size: 1.4em;
  }
  button {
    font: inherit;
    min-block-size: var(--target);
    padding: 0 1rem;
    border-radius: 0.6rem;
    border: 2px solid var(--lane-muted, #475569);
    background: var(--lane-panel, #fff);
    color: inherit;
    cursor: pointer;
    touch-action: manipulation;
  }
  button.primary {
    background: var(--lane-primary, #0958d9);
    border-color: var(--lane-primary, #0958d9);
    color: #fff;
  }
  button:disabled {
    opacity: 0.4;
    cursor: default;
  }
  form {
    display: grid;
    gap: 0.75rem;
  }
  .fields {
    display: grid;
    gap: 0.6rem;
  }
  [part='field'] {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 1rem;
    text-align: start;
  }
  [part='field'] .value {
    font-size: 1.4em;
    font-weight: 700;
  }
  [part='field'][aria-pressed='true'] {
    border-color: var(--lane-primary, #0958d9);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--lane-primary, #0958d9) 35%, transparent);
  }
  .when {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
    gap: 0.6rem;
  }
  .day {
    display: grid;
    grid-template-columns: var(--target) 1fr var(--target);
    align-items: center;
    gap: 0.5rem;
  }
  .step {
    font-size: 2em;
    padding: 0;
  }
  .day-text {
    text-align: center;
    font-size: 1.3em;
    font-weight: 700;
  }
  .estimate-line {
    margin: 0;
  }
  .estimate {
    font-size: 1.6em;
    font-weight: 700;
    color: var(--lane-accent, #d4380d);
  }
  [part='keypad'] {
    --lane-keypad-rows: 5;
  }
  .problem {
    margin: 0;
    line-height: 1.4;
    color: var(--lane-danger, #a8071a);
    font-weight: 600;
  }
  /* An empty line as tall as a message line, to the subpixel. */
  .problem:empty::before {
    content: '\\200b';
  }
  .actions {
    display: flex;
    gap: 1rem;
    justify-content: flex-end;
  }
  .actions button {
    min-inline-size: 10rem;
  }
  @media (orientation: landscape) and (min-width: 1200px) {
    [part='panel'] {
      inline-size: min(84rem, 96vw);
    }
    form {
      grid-template-columns: minmax(0, 1fr) auto;
      align-items: start;
    }
    form [part='keypad'] {
      inline-size: calc(8 * var(--target) + 7 * 0.5rem);
    }
    .problem,
    .actions {
      grid-column: 1 / -1;
    }
  }
`,
];

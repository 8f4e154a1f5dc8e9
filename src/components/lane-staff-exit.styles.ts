import { css } from 'lit';

export const staffExitStyles = css`
  :host {
    display: block;
    font-size: var(--lane-font-size, 1.25rem);
    color: var(--lane-text, #0f172a);
  }
  [part='panel'] {
    display: flex;
    flex-direction: column;
    gap: 1rem;
    padding: 1.5rem;
    background: var(--lane-panel, #fff);
    border-radius: 1rem;
    box-shadow: 0 8px 32px rgb(15 23 42 / 0.25);
    min-width: min(32rem, 90vw);
  }
  .pin {
    font-size: 2em;
    letter-spacing: 0.4em;
    text-align: center;
    min-height: 1.4em;
  }
  .keypad {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 0.5rem;
  }
  button {
    font: inherit;
    min-height: 56px;
    border-radius: 0.5rem;
    border: 2px solid var(--lane-muted, #475569);
    background: var(--lane-panel, #fff);
    cursor: pointer;
  }
  button.primary {
    background: var(--lane-primary, #0958d9);
    border-color: var(--lane-primary, #0958d9);
    color: #fff;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  input,
  select {
    font: inherit;
    padding: 0.5rem;
    min-height: 48px;
    border: 2px solid var(--lane-muted, #475569);
    border-radius: 0.5rem;
  }
  fieldset {
    display: flex;
    gap: 1rem;
    flex-wrap: wrap;
    border: 0;
    padding: 0;
    margin: 0;
  }
  fieldset label {
    flex-direction: row;
    align-items: center;
  }
  .estimate {
    font-size: 1.6em;
    font-weight: 700;
    color: var(--lane-accent, #d4380d);
  }
  .problem {
    color: var(--lane-danger, #a8071a);
  }
  .actions {
    display: flex;
    gap: 1rem;
    justify-content: flex-end;
  }
`;

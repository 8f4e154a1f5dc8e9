import { css } from 'lit';

export const consoleStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    font: 16px/1.4 system-ui, 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', sans-serif;
    color: #0f172a;
    background: #f1f5f9;
  }
  button {
    font: inherit;
    min-height: 44px;
    padding: 0 1rem;
    border-radius: 8px;
    border: 1px solid #334155;
    background: #fff;
    cursor: pointer;
  }
  button.primary {
    background: #1d4ed8;
    border-color: #1d4ed8;
    color: #fff;
  }
  button.danger {
    background: #b91c1c;
    border-color: #b91c1c;
    color: #fff;
  }
  input,
  select {
    font: inherit;
    min-height: 40px;
    padding: 0 0.5rem;
    border: 1px solid #94a3b8;
    border-radius: 6px;
  }
  .top {
    display: flex;
    align-items: center;
    gap: 1rem;
    padding: 0.5rem 1rem;
    background: #0f172a;
    color: #fff;
  }
  .top h1 {
    font-size: 1.25rem;
    margin: 0 1rem 0 0;
  }
  .top .spacer {
    flex: 1;
  }
  .top button {
    background: transparent;
    color: #fff;
    border-color: #64748b;
  }
  .top button[aria-pressed='true'] {
    background: #334155;
  }
  .link {
    padding: 0.5rem 1rem;
    background: #fef3c7;
    color: #78350f;
  }
  .ring {
    display: flex;
    align-items: center;
    gap: 1rem;
    padding: 0.75rem 1rem;
    background: #dc2626;
    color: #fff;
    font-size: 1.25rem;
    font-weight: 600;
  }
  .ring.taken {
    background: #475569;
    font-weight: 400;
  }
  .ring.ended {
    background: #1e293b;
  }
  main {
    padding: 1rem;
  }
  .layout {
    display: grid;
    grid-template-columns: 1fr;
    gap: 1rem;
  }
  .layout.with-call {
    grid-template-columns: minmax(0, 1fr) minmax(20rem, 28rem);
  }
  .board {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
    gap: 0.75rem;
    align-content: start;
  }
  .lane {
    background: #fff;
    border-radius: 10px;
    border-left: 6px solid #16a34a;
    padding: 0.75rem;
    display: grid;
    gap: 0.35rem;
    box-shadow: 0 1px 2px #0002;
  }
  .lane.quoted,
  .lane.paying {
    border-left-color: #2563eb;
  }
  .lane.error,
  .lane.full {
    border-left-color: #dc2626;
  }
  .lane.offline {
    border-left-color: #64748b;
    background: #e2e8f0;
    color: #475569;
  }
  .lane header {
    display: flex;
    justify-content: space-between;
    gap: 0.5rem;
  }
  .lane .screen {
    font-weight: 600;
  }
  .lane .lot-name {
    font-size: 0.85rem;
    color: #475569;
  }
  .lane .plate {
    font-size: 1.25rem;
    font-weight: 700;
    letter-spacing: 0.05em;
    margin-right: 0.75rem;
  }
  .lane .due {
    color: #b45309;
    font-weight: 600;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .chip {
    font-size: 0.8rem;
    padding: 0 0.4rem;
    border-radius: 999px;
    border: 1px solid #16a34a;
    color: #166534;
  }
  .chip.bad {
    border-color: #dc2626;
    color: #991b1b;
    background: #fee2e2;
  }
  .lane footer,
  .since {
    font-size: 0.85rem;
    color: #475569;
  }
  .empty {
    color: #475569;
  }
  /* Centred in the window without a margin that would make the page taller than it: nothing scrolls. */
  .sign-in-page {
    min-height: 100vh;
    display: grid;
    place-items: center;
    padding: 1rem;
    box-sizing: border-box;
  }
  .sign-in {
    width: min(22rem, 100%);
    box-sizing: border-box;
    display: grid;
    gap: 0.75rem;
    background: #fff;
    padding: 1.5rem;
    border-radius: 12px;
  }
  .sign-in label {
    display: grid;
    gap: 0.25rem;
  }
  .problem {
    color: #b91c1c;
  }
`;

import { css } from 'lit';

export const callStatusStyles = css`
  :host {
    display: block;
  }
  .card {
    background: #fff;
    border: 6px solid var(--lane-call-accent, #1d4ed8);
    border-radius: 24px;
    padding: 2rem;
    display: grid;
    gap: 1.5rem;
    justify-items: center;
    text-align: center;
    font-size: clamp(1.75rem, 4vmin, 3rem);
    font-weight: 700;
    box-shadow: 0 10px 40px #0004;
  }
  .phone {
    font-size: 1.4em;
    letter-spacing: 0.04em;
  }
  button {
    font: inherit;
    font-size: 0.8em;
    min-height: 96px;
    min-width: 240px;
    border-radius: 16px;
    border: 0;
    background: #b91c1c;
    color: #fff;
  }
`;

import { css } from 'lit';

export const callStatusStyles = css`
  :host {
    display: block;
  }
  /* One band, words then the button: it docks over a screen's foot without hiding what is talked about. */
  .card {
    background: #fff;
    border: 6px solid var(--lane-call-accent, #1d4ed8);
    border-radius: 24px;
    padding: 1rem 2rem;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 2rem;
    font-size: clamp(1.5rem, 3.2vmin, 2.5rem);
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
    min-height: 80px;
    min-width: 200px;
    border-radius: 16px;
    border: 0;
    background: #b91c1c;
    color: #fff;
  }
`;

import { css } from 'lit';

/** What the entry screen adds to the shared kiosk look: one very large ticket button, and the words after it. */
export const entryKioskStyles = css`
  button.press {
    min-height: max(96px, 18vmin);
    min-width: min(80vw, 640px);
    font-size: 1.8em;
    border-radius: 1.5rem;
    box-shadow: 0 0.5rem 0 rgb(15 23 42 / 0.25);
  }
  button.press:active {
    transform: translateY(0.25rem);
    box-shadow: 0 0.25rem 0 rgb(15 23 42 / 0.25);
  }
  .danger,
  .spaces.danger {
    color: var(--lane-danger, #a8071a);
  }
  /* What the driver does next with the ticket: read from the seat, second only to the title. */
  .next {
    font-size: 1.3em;
    font-weight: 600;
  }
  [part='ticket-qr'] {
    --lane-qr-size: min(40vmin, 420px);
  }
`;

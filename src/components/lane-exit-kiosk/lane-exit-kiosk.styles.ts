import { css } from 'lit';

/**
 * What the exit screen adds to the shared kiosk look: the fee panel, the idle screen's keyboard layout
 * (greeting band and lane QR beside or above the keys), the pay screen's split, the footer's notes.
 */
export const exitKioskStyles = css`
  [part='fee'] {
    display: grid;
    grid-template-columns: auto auto;
    /* The label of the amount due sits on the line of its large figures, not above them. */
    align-items: baseline;
    gap: 0.5rem 2rem;
    padding: 1.5rem 2.5rem;
    background: var(--_panel);
    border-radius: 1rem;
    text-align: left;
    margin: 0;
  }
  [part='fee'] dd {
    margin: 0;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  [part='fee'] .due {
    font-size: 2.6em;
    font-weight: 700;
    color: var(--_accent);
  }
  [part='outbox-alert'] {
    color: var(--lane-danger, #a8071a);
    font-weight: 600;
    margin-inline-start: 1rem;
  }
  /*
   * Idle: the keyboard fills the width on a portrait screen, under a fixed-height greeting band; on
   * a landscape one it takes a column of its own beside the greeting. Both anchor it at the top of
   * its area, so nothing that arrives later (free spaces, the lane QR, a footer note) moves a key.
   */
  .identify {
    --_lane-qr: min(15vmin, 220px);
    flex: 1;
    align-self: stretch;
    display: grid;
    grid-template-rows: max(var(--_lane-qr), 4.5em) auto;
    align-content: start;
    gap: 1rem;
    min-height: 0;
  }
  .intro {
    display: flex;
    align-items: center;
    justify-content: space-evenly;
    gap: 1.5rem;
    overflow: hidden;
  }
  /* Portrait: the welcome and the free spaces on one line, the scan hint under them. */
  .greeting {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    align-items: baseline;
    gap: 0.5rem 1em;
  }
  .greeting h1 {
    font-size: 1.8em;
  }
  .greeting .hint {
    flex-basis: 100%;
  }
  .keyboard {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .keyboard .hint,
  .greeting .hint {
    margin: 0;
    max-width: none;
  }
  /* A line as tall in Latin as in Chinese (whose font's line is taller): a language switch moves no key. */
  .keyboard .hint {
    min-block-size: 1.5em;
  }
  .lane-qr {
    margin: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.25rem;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .lane-qr lane-pay-qr {
    --lane-qr-size: var(--_lane-qr);
    --lane-space: 0;
  }
  /* Pay: what to do and the way back beside (or above) the big code. */
  .split {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 1.5rem;
  }
  .lead {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 1.25rem;
  }
  .lead p {
    margin: 0;
  }
  /* A part whose code is still loading (or did not load) holds its place: the pay QR's square, a form's card. */
  .part-state {
    box-sizing: border-box;
    min-width: min(var(--lane-qr-size, 20rem), 90vw);
    min-height: var(--lane-qr-size, 12rem);
    padding: 1.5rem;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 1rem;
    border-radius: 0.75rem;
    background: var(--_panel);
    text-align: center;
  }
  @media (orientation: portrait) {
    [part='fee'] {
      font-size: 1.35em;
    }
    [part='fee'] .due {
      font-size: 2.8em;
    }
    /* Pay: plate, code and amount first, then the way back at the bottom. */
    .split .lead {
      display: contents;
    }
    .split .actions {
      order: 1;
    }
  }
  @media (orientation: landscape) {
    .identify {
      --_lane-qr: min(24vmin, 260px);
      grid-template-rows: none;
      grid-template-columns: minmax(0, 1fr) minmax(0, min(62%, 1200px));
      gap: 2rem;
    }
    .intro {
      flex-direction: column;
      justify-content: center;
    }
    .greeting {
      flex-direction: column;
      flex-wrap: nowrap;
      align-items: center;
    }
    .greeting .hint {
      flex-basis: auto;
    }
    .greeting h1 {
      font-size: 2.2em;
    }
    .split {
      flex-direction: row;
      gap: 4rem;
    }
    .split lane-pay-qr {
      --lane-qr-size: min(52vmin, 600px);
    }
  }
  .notes:empty {
    display: none;
  }
`;

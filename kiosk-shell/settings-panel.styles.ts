/**
 * The look of the staff settings panel: a centred dialog over the kiosk, sections laid over one
 * another in one box (the largest one's), touch targets of at least 80 px, and the lane section's
 * room for its on-screen keyboard (below the fields in portrait, beside them in landscape).
 */
import { css } from 'lit';
import { touchControlStyles } from '../src/components/shared/touch-controls.js';

export const settingsPanelStyles = [
  touchControlStyles,
  css`
    :host {
      position: fixed;
      inset: 0;
      z-index: 20;
      display: flex;
      align-items: center;
      justify-content: center;
      background: rgb(15 23 42 / 0.6);
      font: 20px system-ui, 'Noto Sans CJK SC', sans-serif;
    }
    [role='dialog'] {
      box-sizing: border-box;
      max-block-size: 100vh;
      max-inline-size: 100vw;
      overflow: auto;
      padding: 1rem;
      background: #fff;
      border-radius: 12px;
    }
    .locked {
      display: grid;
      gap: 0.75rem;
      inline-size: min(92vw, 32rem);
    }
    h2 {
      margin: 0;
      font-size: 1.3em;
    }
    [data-name='section'] {
      margin-block-end: 0.75rem;
    }
    /* Every section in the same cell: the box is the largest one's, whichever is shown. */
    .sections {
      display: grid;
    }
    .sections > fieldset {
      grid-area: 1 / 1;
    }
    .sections > [inert] {
      visibility: hidden;
    }
    /* Names with the model are long: wider buttons, and a word that still does not fit breaks inside the button. */
    [data-name='printerProfile'] {
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
    }
    [part='choice'] {
      overflow-wrap: anywhere;
      padding-block: 0.4rem;
    }
    fieldset {
      inline-size: min(94vw, 48rem);
      box-sizing: border-box;
      display: grid;
      gap: 0.5rem;
      align-content: start;
      margin: 0;
      padding: 0.5rem 0.75rem 0.75rem;
      border: 2px solid #cbd5e1;
      border-radius: 10px;
    }
    legend {
      font-weight: 700;
    }
    label {
      display: grid;
      gap: 0.25rem;
    }
    .caption {
      font-size: 0.9em;
      color: #334155;
    }
    input,
    button {
      font: inherit;
      min-block-size: 80px;
      box-sizing: border-box;
    }
    input {
      padding: 0 0.75rem;
    }
    button {
      padding: 0 1rem;
      border: 2px solid #475569;
      border-radius: 10px;
      background: #fff;
      color: inherit;
      touch-action: manipulation;
    }
    button.primary {
      background: #0958d9;
      border-color: #0958d9;
      color: #fff;
    }
    .row {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .row button {
      flex: 1 1 10rem;
    }
    .actions {
      display: flex;
      gap: 1rem;
      justify-content: flex-end;
      margin-block-start: 0.75rem;
    }
    .actions button {
      min-inline-size: 12rem;
    }
    /* Kept free while empty, so a message arriving moves nothing below it. */
    .note,
    .problem {
      min-block-size: 1.5em;
      margin: 0.5rem 0 0;
      line-height: 1.5;
    }
    .problem {
      color: #a8071a;
      font-weight: 600;
    }
    .fields {
      display: grid;
      gap: 0.5rem;
      align-content: start;
    }
    /* The field the keyboard types into stays marked when a tap (显示密钥) takes the focus from it. */
    input.editing {
      outline: 3px solid #0958d9;
      outline-offset: 1px;
    }
    .masked {
      display: flex;
      gap: 0.5rem;
    }
    .masked input {
      flex: 1;
      min-inline-size: 0;
    }
    /* The keyboard and the hint that stands in for it share one cell: opening the keyboard moves nothing. */
    .keyboard {
      display: grid;
    }
    .keyboard > * {
      grid-area: 1 / 1;
    }
    .keyboard > [inert] {
      visibility: hidden;
    }
    .keyboard .caption {
      align-self: center;
      text-align: center;
    }
    /* Landscape has height for the sections but not for the keyboard under the fields: it goes beside them. */
    @media (orientation: landscape) {
      fieldset {
        inline-size: min(94vw, 90rem);
      }
      fieldset[data-section='lane'] {
        grid-template-columns: minmax(0, 1fr) minmax(44rem, 1.2fr);
        gap: 1rem;
      }
    }
  `,
];

/**
 * Large touch controls shared by the staff screens: a set of choices shown as buttons (instead of
 * a select, whose pop-up list is small and needs precise taps) and a number stepper (instead of
 * typing). Each is a group named for assistive technology; the chosen button is `aria-pressed`.
 */
import { css, html } from 'lit';

export type Choices<T> = ReadonlyArray<readonly [value: T, text: string]>;

export function choiceGroup<T>(label: string, options: Choices<T>, current: T, choose: (value: T) => void, name = '') {
  return html`<div class="choices" role="group" aria-label=${label} data-name=${name}>
    ${options.map(
      ([value, text]) =>
        html`<button type="button" part="choice" data-value=${String(value)} aria-pressed=${value === current ? 'true' : 'false'} @click=${() => choose(value)}>${text}</button>`,
    )}
  </div>`;
}

export interface StepperRange {
  min: number;
  max: number;
  step: number;
}

/** − value +, kept within the range; `less` and `more` name the buttons ("减少 继电器编号"). */
export function stepper(label: string, value: number, range: StepperRange, set: (value: number) => void, words: { less: string; more: string }, name = '') {
  const to = (next: number) => set(Math.min(range.max, Math.max(range.min, next)));
  return html`<div class="stepper" role="group" aria-label=${label} data-name=${name}>
    <button type="button" aria-label="${words.less} ${label}" ?disabled=${value <= range.min} @click=${() => to(value - range.step)}>−</button>
    <output>${value}</output>
    <button type="button" aria-label="${words.more} ${label}" ?disabled=${value >= range.max} @click=${() => to(value + range.step)}>+</button>
  </div>`;
}

export const touchControlStyles = css`
  .choices {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr));
    gap: 0.5rem;
  }
  [part='choice'][aria-pressed='true'] {
    background: var(--lane-primary, #0958d9);
    border-color: var(--lane-primary, #0958d9);
    color: #fff;
  }
  .stepper {
    display: grid;
    grid-template-columns: 80px 1fr 80px;
    align-items: center;
    gap: 0.5rem;
  }
  .stepper button {
    font-size: 1.6em;
    padding: 0;
  }
  .stepper output {
    text-align: center;
    font-size: 1.3em;
    font-weight: 700;
  }
`;

import { css } from 'lit';

/*
 * A page's rules for the element itself (a "* { margin: 0; padding: 0 }" reset, "* { box-sizing:
 * content-box }") beat :host, so the host carries no spacing of its own: the panel is the card
 * inside. "all: initial" there also stops what the page's text styles would pass down by
 * inheritance (letter-spacing, text-transform, line-height…); custom properties still come through.
 * (Said here rather than inside the CSS, which ships to every partner page as written.)
 */
export const feeWidgetStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .card {
    all: initial;
    display: block;
    box-sizing: border-box;
    max-width: var(--lane-widget-width, 24rem);
    padding: 1.25rem;
    border-radius: var(--lane-widget-radius, 12px);
    background: var(--lane-panel, #ffffff);
    color: var(--lane-text, #0f172a);
    box-shadow: 0 1px 4px rgb(15 23 42 / 0.15);
    font-family: var(--lane-font, system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif);
    font-size: 16px;
    line-height: 1.5;
    text-align: start;
  }
  h2 {
    margin: 0 0 0.25rem;
    font-size: 1.25rem;
  }
  p {
    margin: 0.25rem 0;
  }
  .hint,
  .muted {
    color: var(--lane-muted, #475569);
    font-size: 0.875rem;
  }
  form {
    display: flex;
    gap: 0.5rem;
    margin: 0.75rem 0;
  }
  input {
    flex: 1;
    min-width: 0;
    font: inherit;
    font-size: 1.125rem;
    padding: 0.5rem 0.75rem;
    border: 2px solid var(--lane-muted, #475569);
    border-radius: 8px;
    letter-spacing: 0.05em;
  }
  button,
  a[part='pay-link'] {
    font: inherit;
    font-weight: 600;
    min-height: 44px;
    padding: 0.5rem 1rem;
    border: 0;
    border-radius: 8px;
    background: var(--lane-primary, #0958d9);
    color: #fff;
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: progress;
  }
  input:focus-visible,
  button:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--lane-primary, #0958d9);
    outline-offset: 2px;
  }
  [part='result'] {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.5rem;
    text-align: center;
  }
  lane-pay-qr {
    --lane-qr-size: 200px;
    --lane-amount-size: 2rem;
  }
  .error {
    color: var(--lane-danger, #a8071a);
  }
`;

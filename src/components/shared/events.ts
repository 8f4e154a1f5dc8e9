/** Every lane element's events bubble and are composed, so pages hear them through shadow roots. */
export function emit<T>(target: EventTarget, type: string, detail?: T): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** The detail an event of this type carries, from its `HTMLElementEventMap` entry (`undefined` for a plain Event). */
export type EventDetail<K extends keyof HTMLElementEventMap> = HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : undefined;

/**
 * Dispatches one of the lane elements' events, typed by its `HTMLElementEventMap` entry: an unknown
 * name or a wrong detail is a compile error. Every lane event bubbles and is composed, so pages hear
 * it through shadow roots.
 */
export function emit<K extends keyof HTMLElementEventMap>(
  target: EventTarget,
  type: K,
  ...detail: undefined extends EventDetail<K> ? [detail?: EventDetail<K>] : [detail: EventDetail<K>]
): void {
  target.dispatchEvent(new CustomEvent(type, { detail: detail[0], bubbles: true, composed: true }));
}

/** As `emit`, for an event a page may take on itself: false when a listener called preventDefault(). */
export function emitCancelable<K extends keyof HTMLElementEventMap>(target: EventTarget, type: K, detail: EventDetail<K>): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }));
}

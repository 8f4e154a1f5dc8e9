/**
 * A kiosk page may hand its lane the outbox and devices a moment after the first screen: the kiosk
 * shell does, so that a lane restarted with a car waiting answers the driver's first taps at once.
 * It says so with the element's `equipped` promise. What must not happen without them (a ticket
 * printed and its arrival recorded, a barrier lifted and recorded, a hand release stored) waits for
 * that promise, and EQUIPMENT_WAIT_MS at most: a page whose equipment never comes still serves the
 * car (the ticket on screen, staff called) instead of freezing the lane.
 */

/** The longest a lane's action waits for equipment its page is still setting up. */
export const EQUIPMENT_WAIT_MS = 10_000;

/** Resolves once `equipped` has settled (fulfilled or not), or after `ms`; at once without a promise. */
export function untilEquipped(equipped: Promise<unknown> | null, ms = EQUIPMENT_WAIT_MS): Promise<void> {
  if (!equipped) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const settled = () => {
      clearTimeout(timer);
      resolve();
    };
    equipped.then(settled, settled);
  });
}

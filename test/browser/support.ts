/** Fixtures and waits for browser tests: elements mounted in the real document, events awaited, never slept on. */
export const LANE = { proxyUrl: location.origin, laneId: 'exit-1', laneKey: 'demo-lane-key-exit-1' };
export const OPERATOR_KEY = 'demo-operator-key-7c1e';

const mounted: Element[] = [];

export async function mount<T extends HTMLElement>(element: T): Promise<T> {
  document.body.append(element);
  mounted.push(element);
  await (element as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return element;
}

export function unmountAll(): void {
  for (const element of mounted.splice(0)) element.remove();
}

export function nextEvent<T extends Event = CustomEvent>(target: EventTarget, type: string, predicate: (event: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
    const listener = (event: Event) => {
      if (!predicate(event as T)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event as T);
    };
    target.addEventListener(type, listener);
  });
}

/** What the operator's payment service does once the driver paid. */
export async function payQuote(quoteId: string, amountFen: number): Promise<Response> {
  return fetch(`/v1/payments/${quoteId}/paid`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amountFen, channel: 'test', paymentRef: `T${Date.now()}` }),
  });
}

/** A car of its own, parked `minutesAgo` in the Welink simulator: other test files pay for the demo's cars. */
export async function parkedCar(minutesAgo: number): Promise<string> {
  const plate = `沪G${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
  const response = await fetch('/sims/welink/_admin/park', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ plate, minutesAgo }) });
  if (!response.ok) throw new Error(`parking ${plate} answered ${response.status}`);
  return plate;
}

/** The button of `element`'s shadow root whose text matches `label`. */
export function button(element: Element, label: RegExp): HTMLButtonElement {
  const found = [...element.shadowRoot!.querySelectorAll('button')].find((b) => label.test(b.textContent ?? ''));
  if (!found) throw new Error(`no button ${label}`);
  return found;
}

/** Resolves once `selector` matches (or, with `present` false, no longer matches) in `root`: watched, never polled. */
export function whenSelector(root: ParentNode & Node, selector: string, present = true, timeoutMs = 15_000): Promise<void> {
  const matches = () => (root.querySelector(selector) !== null) === present;
  if (matches()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!matches()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`${selector} ${present ? 'did not appear' : 'did not go'} within ${timeoutMs} ms`));
    }, timeoutMs);
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  });
}

/** Where an element is on the page, to show that something arriving elsewhere did not move it. */
export function boxOf(element: Element): { x: number; y: number; width: number; height: number } {
  const { x, y, width, height } = element.getBoundingClientRect();
  return { x, y, width, height };
}

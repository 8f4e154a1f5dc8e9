/**
 * Nothing on the entry screen moves under a driver's finger: the ticket button keeps its place when
 * the free-space count arrives and when staff open the status detail (it opens over the screen); the
 * offline banner has a reserved strip, so the screen keeps its box, and the button is back in its place
 * when the proxy answers again. The banner comes and goes with the proxy, through the connection
 * controller the exit lane shares.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-entry-kiosk/lane-entry-kiosk.js';
import type { LaneEntryKiosk } from '../../src/components/lane-entry-kiosk/lane-entry-kiosk.js';
import type { LaneStreamStatusEvent } from '../../src/components/shared/kiosk-events.js';
import { boxOf, mount, nextEvent, unmountAll, whenSelector } from './support.js';

const ENTRY = { laneId: 'entry-1', laneKey: 'demo-lane-key-entry-1' };
/** Nothing answers on the discard port: the lane's proxy is unreachable. */
const DEAD_PROXY = 'http://127.0.0.1:9';
const admin = (path: string, body: unknown) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function entryKiosk(connected: boolean): LaneEntryKiosk {
  const element = document.createElement('lane-entry-kiosk');
  // A kiosk-like box of its own, so every measurement is of the lane screen and not of the test page.
  element.style.cssText = 'display: grid; width: 1080px; height: 1600px;';
  if (connected) {
    element.proxyUrl = location.origin;
    element.lane = ENTRY.laneId;
    element.laneKey = ENTRY.laneKey;
  }
  return element;
}

const press = (element: LaneEntryKiosk) => element.shadowRoot!.querySelector('[part="press"]')!;

async function connectedKiosk(): Promise<LaneEntryKiosk> {
  const element = entryKiosk(true);
  const open = nextEvent<LaneStreamStatusEvent>(element, 'lane-stream', (event) => event.detail.status === 'open');
  await mount(element);
  await open;
  await whenSelector(element.shadowRoot!, '[part="spaces"]');
  return element;
}

describe('<lane-entry-kiosk> layout', () => {
  afterEach(async () => {
    unmountAll();
    await admin('/sims/welink/_admin/spaces', { free: null });
  });

  it('keeps the ticket button in place when the free-space count arrives', async () => {
    await admin('/sims/welink/_admin/spaces', { free: 42 });
    const element = await mount(entryKiosk(false));
    const before = boxOf(press(element));
    element.proxyUrl = location.origin;
    element.lane = ENTRY.laneId;
    element.laneKey = ENTRY.laneKey;
    await whenSelector(element.shadowRoot!, '[part="spaces"]');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="spaces"]')!.textContent).to.contain('42');
    expect(boxOf(press(element))).to.deep.equal(before);
  });

  it('shows the offline banner when its proxy cannot be reached, without moving the screen, and clears it when the proxy answers: the button is back where it was', async () => {
    const element = await connectedKiosk();
    const screen = element.shadowRoot!.querySelector('[part="screen"]')!;
    const before = { screen: boxOf(screen), press: boxOf(press(element)) };
    expect(element.shadowRoot!.querySelector('[part="offline-banner"]')).to.equal(null);

    element.proxyUrl = DEAD_PROXY;
    await whenSelector(element.shadowRoot!, '[part="offline-banner"]');
    await element.updateComplete;
    const banner = element.shadowRoot!.querySelector('[part="offline-banner"]')!;
    expect(banner.textContent).to.contain('暂时无法出票');
    expect(banner.getAttribute('role')).to.equal('status');
    expect(element.shadowRoot!.querySelector('lane-status-bar')!.online, 'the status bar says so too').to.equal(false);
    expect(boxOf(screen), 'the banner has its reserved strip').to.deep.equal(before.screen);
    expect(element.shadowRoot!.querySelector('[part="press"]') === null, 'offline the lane cannot issue: the call button instead').to.equal(true);

    element.proxyUrl = location.origin;
    await whenSelector(element.shadowRoot!, '[part="offline-banner"]', false);
    await whenSelector(element.shadowRoot!, '[part="spaces"]');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('lane-status-bar')!.online).to.equal(true);
    expect(boxOf(press(element))).to.deep.equal(before.press);
  });

  it('opens the status detail over the screen: the screen and the ticket button do not move or shrink', async () => {
    const element = await connectedKiosk();
    const screen = element.shadowRoot!.querySelector('[part="screen"]')!;
    const before = [boxOf(screen), boxOf(press(element))];
    const bar = element.shadowRoot!.querySelector('lane-status-bar')!;
    bar.shadowRoot!.querySelector<HTMLButtonElement>('[part="toggle"]')!.click();
    await bar.updateComplete;
    const detail = bar.shadowRoot!.querySelector('[part="detail"]')!.getBoundingClientRect();
    expect(detail.height, 'the detail shows').to.be.greaterThan(0);
    expect(detail.bottom, 'above the bar').to.be.at.most(bar.getBoundingClientRect().top + 1);
    expect(detail.top, 'inside the kiosk').to.be.at.least(element.getBoundingClientRect().top);
    expect([boxOf(screen), boxOf(press(element))]).to.deep.equal(before);
  });
});

/**
 * The kiosk shell's watchdog wired to a real <lane-exit-kiosk> against the real proxy: a lane left
 * on the error screen goes back to idle once the (moved) clock says ten minutes passed, and a
 * burst of uncaught errors asks for a reload. The verdict itself is tested in node.
 */
import { expect } from '@esm-bundle/chai';
import { startWatchdog } from '../../kiosk-shell/watchdog.js';
import '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LaneStateEvent } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import { LANE, mount, nextEvent, unmountAll } from './support.js';

const stops: Array<() => void> = [];

function stuckKiosk() {
  const element = document.createElement('lane-exit-kiosk');
  element.proxyUrl = 'http://127.0.0.1:9';
  element.lane = LANE.laneId;
  element.laneKey = LANE.laneKey;
  return mount(element);
}

describe('kiosk-shell watchdog', () => {
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    unmountAll();
  });

  it('returns a lane stuck on one screen to idle, and leaves it alone before the limit', async () => {
    const element = await stuckKiosk();
    let clock = Date.now();
    let checks = 0;
    stops.push(startWatchdog(element, { checkEveryMs: 10, now: () => (checks++, clock), reload: () => expect.fail('no reload expected') }));
    const failed = nextEvent<LaneStateEvent>(element, 'lane-state', (event) => event.detail.state.name === 'error');
    element.controller.submitPlate('沪A12345');
    await failed;
    /** Resolves once the watchdog has looked at the lane a few more times. */
    const afterChecks = (count: number) => {
      const target = checks + count;
      return new Promise<void>((resolve) => {
        const poll = setInterval(() => checks >= target && (clearInterval(poll), resolve()), 5);
      });
    };
    clock += 9 * 60_000;
    await afterChecks(5);
    expect(element.controller.state.name, 'nine minutes on the error screen is not yet stuck').to.equal('error');
    const idle = nextEvent<LaneStateEvent>(element, 'lane-state', (event) => event.detail.state.name === 'idle');
    clock += 2 * 60_000;
    await idle;
    expect(element.controller.state.name).to.equal('idle');
  });

  it('asks for a reload when the page keeps throwing', async () => {
    const element = await stuckKiosk();
    const errors = new EventTarget();
    const reloaded = new Promise<void>((resolve) => stops.push(startWatchdog(element, { checkEveryMs: 10, reload: resolve, errorSource: errors })));
    for (let i = 0; i < 5; i++) errors.dispatchEvent(new Event(i % 2 ? 'error' : 'unhandledrejection'));
    await reloaded;
  });
});

/**
 * When the exit screen's parts that are not in the kiosk's first file load (issue 28, cold start):
 * not while the screen has just appeared and a driver may be reaching for the keyboard, the idle
 * screen's lane QR included, but all of them once the start-up moment has passed. The parts' own
 * loading (bounded, retried, words when it fails) is test/node/lazy-part.test.ts and
 * test/e2e/kiosk-parts.e2e.ts.
 */
import { expect } from '@esm-bundle/chai';
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ExitKioskParts } from '../../src/components/lane-exit-kiosk/exit-kiosk-parts.js';
import type { PartStatus } from '../../src/components/shared/lazy-part.js';

/** A host that counts nothing but calls `onUpdate` whenever a part asks for a render. */
function host(onUpdate: () => void): ReactiveControllerHost {
  return {
    addController: (_controller: ReactiveController) => {},
    removeController: () => {},
    requestUpdate: onUpdate,
    get updateComplete() {
      return Promise.resolve(true);
    },
  };
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const idle = () => new Promise((resolve) => requestIdleCallback(resolve));

describe('the exit screen parts after the first screen', () => {
  it('loads none before the start-up moment, though frames and idle moments pass and the idle screen asks for its lane QR', async () => {
    let startUpPassed!: () => void;
    const startUp = new Promise<void>((resolve) => (startUpPassed = resolve));
    let whenAllReady: () => void = () => {};
    const allReady = new Promise<void>((resolve) => (whenAllReady = resolve));
    const parts: ExitKioskParts = new ExitKioskParts(
      host(() => {
        if ([parts.staffExit, parts.payQr, parts.deadLetters].every((part) => part.status === 'ready')) whenAllReady();
      }),
      () => startUp,
    );
    const statuses = (): PartStatus[] => [parts.staffExit.status, parts.payQr.status, parts.deadLetters.status, parts.printing.status];

    parts.hostConnected();
    expect(parts.renderIfReady('payQr', () => html`<p>lane QR</p>`)).to.equal(nothing);
    await frame();
    await frame();
    await idle();
    expect(statuses()).to.deep.equal(['not-loaded', 'not-loaded', 'not-loaded', 'not-loaded']);

    startUpPassed();
    await allReady;
    expect(parts.printing.status).to.not.equal('not-loaded');
    expect(parts.renderIfReady('payQr', () => html`<p>lane QR</p>`)).to.not.equal(nothing);
  });
});

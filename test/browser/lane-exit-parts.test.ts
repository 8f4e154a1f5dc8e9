/**
 * When the exit screen's parts that are not in the kiosk's first file load unasked (issue 28, cold
 * start): what the lane needs with the network gone (the staff release form, the receipt code)
 * right after the screen's first paint; the pay QR, which brings the idle screen's lane QR, and the
 * refused records not before the start-up moment has passed, though frames and idle moments come
 * and the idle screen asks for its lane QR. The parts' own loading (bounded, retried, words when it fails)
 * is test/node/lazy-part.test.ts and test/e2e/kiosk-parts.e2e.ts.
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
  it('loads the staff form and the receipt code right after the first paint, the pay QR and the refused records only after the start-up moment', async () => {
    let firstPaintPassed!: () => void;
    const firstPaintCame = new Promise<void>((resolve) => (firstPaintPassed = resolve));
    let startUpPassed!: () => void;
    const startUp = new Promise<void>((resolve) => (startUpPassed = resolve));
    let onUpdate = () => {};
    const parts: ExitKioskParts = new ExitKioskParts(
      host(() => onUpdate()),
      { afterFirstPaint: () => firstPaintCame, afterDriverFirst: () => startUp },
    );
    /** Resolves once `names` are all ready (each part asks its host for a render when its status changes). */
    const ready = (...names: Array<'staffExit' | 'payQr' | 'deadLetters'>) =>
      new Promise<void>((resolve) => {
        onUpdate = () => {
          if (names.every((name) => parts[name].status === 'ready')) resolve();
        };
      });
    const statuses = (): PartStatus[] => [parts.staffExit.status, parts.printing.status, parts.payQr.status, parts.deadLetters.status];

    parts.hostConnected();
    expect(parts.renderIfReady('payQr', () => html`<p>lane QR</p>`)).to.equal(nothing);
    await frame();
    await idle();
    expect(statuses(), 'nothing before the first paint').to.deep.equal(['not-loaded', 'not-loaded', 'not-loaded', 'not-loaded']);

    const staffFormReady = ready('staffExit');
    firstPaintPassed();
    await staffFormReady;
    expect(parts.printing.status).to.not.equal('not-loaded');
    await frame();
    await frame();
    await idle();
    expect([parts.payQr.status, parts.deadLetters.status], 'the pay QR and the refused records wait for the start-up moment').to.deep.equal(['not-loaded', 'not-loaded']);

    const othersReady = ready('payQr', 'deadLetters');
    startUpPassed();
    await othersReady;
    expect(parts.renderIfReady('payQr', () => html`<p>lane QR</p>`)).to.not.equal(nothing);
  });
});

import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-status-bar/lane-status-bar.js';
import type { LaneStatusBar } from '../../src/components/lane-status-bar/lane-status-bar.js';
import { UNKNOWN_STATUS } from '../../src/hardware/printer-status.js';
import { expectNoA11yViolations } from './a11y.js';
import { mount, nextEvent, unmountAll } from './support.js';

const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const READY = { ...UNKNOWN_STATUS, connected: true, online: true };
const chip = (bar: LaneStatusBar, name: string) => bar.shadowRoot!.querySelector<HTMLElement>(`[data-chip="${name}"]`)!;
const health = (bar: LaneStatusBar, name: string) => ['ok', 'warn', 'bad'].find((h) => chip(bar, name).classList.contains(h));

async function statusBar(props: Partial<LaneStatusBar>): Promise<LaneStatusBar> {
  const bar = document.createElement('lane-status-bar');
  bar.now = () => NOW;
  return mount(Object.assign(bar, props));
}

describe('<lane-status-bar>', () => {
  afterEach(unmountAll);

  it('all healthy: every chip ok', async () => {
    const bar = await statusBar({ online: true, outboxDepth: 0, printer: READY, scannerConnected: true, skewMs: 800 });
    expect(['network', 'outbox', 'printer', 'scanner', 'clock'].map((n) => health(bar, n))).to.deep.equal(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(chip(bar, 'printer').textContent).to.equal('打印机 正常');
  });

  it('offline with an old backlog, paper out and a skewed clock are bad; a young backlog and low paper warn', async () => {
    const bar = await statusBar({ online: false, outboxDepth: 12, oldestCreatedAt: NOW - 40 * 60_000, printer: { ...READY, paperEnd: true }, scannerConnected: false, skewMs: -12_000 });
    expect(['network', 'outbox', 'printer', 'scanner', 'clock'].map((n) => health(bar, n))).to.deep.equal(['bad', 'bad', 'bad', 'warn', 'bad']);
    expect(chip(bar, 'outbox').textContent).to.equal('待上传 12');
    expect(chip(bar, 'printer').textContent).to.contain('缺纸');
    expect(chip(bar, 'clock').textContent).to.equal('时钟偏差 慢 12 秒');
    expect(bar.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('离线');
    bar.oldestCreatedAt = NOW - 2 * 60_000;
    bar.printer = { ...READY, paperNearEnd: true };
    await bar.updateComplete;
    expect([health(bar, 'outbox'), health(bar, 'printer')]).to.deep.equal(['warn', 'warn']);
  });

  it('says why the printer is offline: stalled (jammed or hung), a fault, or a recoverable error that clears by itself', async () => {
    const bar = await statusBar({ printer: { ...READY, online: false, stalled: true } });
    expect(chip(bar, 'printer').textContent).to.contain('无响应').and.contain('卡纸');
    expect(health(bar, 'printer')).to.equal('bad');
    bar.printer = { ...READY, online: false, error: true };
    await bar.updateComplete;
    expect(chip(bar, 'printer').textContent).to.contain('故障');
    expect(health(bar, 'printer')).to.equal('bad');
    bar.printer = { ...READY, online: false, recoverableError: true };
    await bar.updateComplete;
    expect(chip(bar, 'printer').textContent).to.contain('自动恢复');
    expect(health(bar, 'printer')).to.equal('warn');
  });

  it('staff open the detail: full labels and the oldest event’s age; the toggle says so', async () => {
    const bar = await statusBar({ locale: 'en', outboxDepth: 3, oldestCreatedAt: NOW - 7 * 60_000, printer: READY, scannerConnected: true, skewMs: 0 });
    const toggle = bar.shadowRoot!.querySelector<HTMLButtonElement>('button.toggle')!;
    expect(bar.shadowRoot!.querySelector('[part="detail"]')).to.equal(null);
    const opened = nextEvent<CustomEvent>(bar, 'lane-status-detail');
    toggle.click();
    expect((await opened).detail).to.deep.equal({ open: true });
    await bar.updateComplete;
    const detail = bar.shadowRoot!.querySelector('[part="detail"]')!;
    expect(detail.textContent).to.contain('Outbox').and.contain('3 to upload').and.contain('7 min ago');
    expect(detail.textContent, 'no skew is in sync, not “0 s slow”').to.contain('in sync');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    await expectNoA11yViolations(bar);
    expect(toggle.getBoundingClientRect().height).to.be.at.least(48);
  });

  it('switches language at runtime', async () => {
    const bar = await statusBar({ online: false });
    expect(chip(bar, 'network').textContent).to.equal('离线');
    bar.locale = 'en';
    await bar.updateComplete;
    expect(chip(bar, 'network').textContent).to.equal('Offline');
  });
});

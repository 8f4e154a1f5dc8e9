/** The kiosk settings' gate section, in Chromium, by touch: behind the staff PIN, saved as tapped, the test opening asked for. */
import { expect } from '@esm-bundle/chai';
import '../../kiosk-shell/settings-panel.js';
import { DEFAULT_GATE } from '../../kiosk-shell/gate-settings.js';
import type { ShellSettings } from '../../kiosk-shell/settings.js';
import { LaneClient } from '../../src/client/lane-client.js';
import { MAX_RELAY } from '../../src/hardware/relay-frames.js';
import { LANE, mount, nextEvent, unmountAll } from './support.js';
import { tap, tapEnter, tapKeys } from './touch.js';

const settings: ShellSettings = {
  proxyUrl: LANE.proxyUrl,
  lane: LANE.laneId,
  laneKey: LANE.laneKey,
  locale: 'zh-CN',
  hardware: 'serial',
  scanner: 'serial',
  scannerEncoding: 'auto',
  scannerSuffix: 'auto',
  printerProfile: 'generic-80',
  gate: DEFAULT_GATE,
  direction: 'exit',
};

async function unlockedPanel() {
  const panel = document.createElement('lane-shell-settings');
  panel.settings = settings;
  panel.staffPin = (await new LaneClient({ proxyUrl: LANE.proxyUrl, laneId: LANE.laneId, laneKey: LANE.laneKey }).config()).staffPin;
  await mount(panel);
  await tapKeys(panel, '24682468');
  await tapEnter(panel);
  while (!panel.unlocked) await new Promise((resolve) => requestAnimationFrame(resolve));
  await panel.updateComplete;
  await tap(panel, '道闸');
  return panel;
}

const pressed = (panel: HTMLElement, group: string) => panel.shadowRoot!.querySelector(`[data-name="${group}"] [aria-pressed="true"]`)?.textContent?.trim();
const stepperValue = (panel: HTMLElement, name: string) => panel.shadowRoot!.querySelector(`[data-name="${name}"] output`)!.textContent;

describe('kiosk settings: the gate', () => {
  afterEach(unmountAll);

  it('shows the stored gate settings and saves the mode, relay, pulse and baud rate staff tapped', async () => {
    const panel = await unlockedPanel();
    expect(pressed(panel, 'gateMode')).to.equal('USB 继电器（本机开闸）');
    expect(stepperValue(panel, 'gateRelay')).to.equal('1');
    expect(stepperValue(panel, 'gatePulseMs')).to.equal('500');
    expect(pressed(panel, 'gateBaud')).to.equal('9600');

    await tap(panel, '由平台开闸');
    for (let i = 0; i < 3; i++) await tap(panel, '增加 继电器编号');
    for (let i = 0; i < 6; i++) await tap(panel, '增加 开闸脉冲（毫秒）');
    await tap(panel, '115200');
    const saved = nextEvent<CustomEvent<ShellSettings>>(panel, 'shell-settings-save');
    await tap(panel, '保存并重启');
    expect((await saved).detail.gate).to.deep.equal({ mode: 'platform', relay: 4, pulseMs: 800, baudRate: 115200 });
  });

  it('the relay stepper stops at the relays the board has', async () => {
    const panel = await unlockedPanel();
    for (let i = 0; i < MAX_RELAY + 2; i++) {
      const more = panel.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="增加 继电器编号"]')!;
      if (more.disabled) break;
      await tap(panel, '增加 继电器编号');
    }
    expect(stepperValue(panel, 'gateRelay')).to.equal(String(MAX_RELAY));
    expect(panel.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="增加 继电器编号"]')!.disabled).to.equal(true);
    const saved = nextEvent<CustomEvent<ShellSettings>>(panel, 'shell-settings-save');
    await tap(panel, '保存并重启');
    expect((await saved).detail.gate.relay).to.equal(MAX_RELAY);
  });

  it('asks the app for a test opening and to pair the relay board', async () => {
    const panel = await unlockedPanel();
    const tested = nextEvent(panel, 'shell-test-gate');
    await tap(panel, '测试开闸');
    await tested;
    const paired = nextEvent<CustomEvent<{ role: string }>>(panel, 'shell-pair');
    await tap(panel, '选择继电器板');
    expect((await paired).detail.role).to.equal('gate');
  });
});

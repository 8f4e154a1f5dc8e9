/** The kiosk settings' gate section, in Chromium: behind the staff PIN, saved as typed, the test opening asked for. */
import { expect } from '@esm-bundle/chai';
import '../../kiosk-shell/settings-panel.js';
import { DEFAULT_GATE } from '../../kiosk-shell/gate-settings.js';
import type { ShellSettings } from '../../kiosk-shell/settings.js';
import { LaneClient } from '../../src/client/lane-client.js';
import { LANE, mount, nextEvent, unmountAll } from './support.js';

const settings: ShellSettings = {
  proxyUrl: LANE.proxyUrl,
  lane: LANE.laneId,
  laneKey: LANE.laneKey,
  locale: 'zh-CN',
  hardware: 'serial',
  scanner: 'serial',
  scannerEncoding: 'auto',
  printerProfile: 'generic-80',
  gate: DEFAULT_GATE,
  direction: 'exit',
};

async function unlockedPanel() {
  const panel = document.createElement('lane-shell-settings');
  panel.settings = settings;
  panel.staffPin = (await new LaneClient({ proxyUrl: LANE.proxyUrl, laneId: LANE.laneId, laneKey: LANE.laneKey }).config()).staffPin;
  await mount(panel);
  const form = () => panel.shadowRoot!.querySelector('form')!;
  form().querySelector<HTMLInputElement>('input[name="pin"]')!.value = '24682468';
  form().requestSubmit();
  while (!panel.unlocked) await new Promise((resolve) => requestAnimationFrame(resolve));
  await panel.updateComplete;
  return { panel, form };
}

describe('kiosk settings: the gate', () => {
  afterEach(unmountAll);

  it('shows the stored gate settings and saves the mode, relay, pulse and baud rate staff chose', async () => {
    const { panel, form } = await unlockedPanel();
    const field = <T extends HTMLInputElement | HTMLSelectElement>(name: string) => form().querySelector<T>(`[name="${name}"]`)!;
    expect(field('gateMode').value).to.equal('relay');
    expect(field('gateRelay').value).to.equal('1');
    expect(field('gatePulseMs').value).to.equal('500');
    expect(field('gateBaud').value).to.equal('9600');

    field('gateMode').value = 'platform';
    field('gateRelay').value = '4';
    field('gatePulseMs').value = '800';
    field('gateBaud').value = '115200';
    const saved = nextEvent<CustomEvent<ShellSettings>>(panel, 'shell-settings-save');
    form().requestSubmit();
    expect((await saved).detail.gate).to.deep.equal({ mode: 'platform', relay: 4, pulseMs: 800, baudRate: 115200 });
  });

  it('will not save a relay the board cannot have', async () => {
    const { panel, form } = await unlockedPanel();
    form().querySelector<HTMLInputElement>('[name="gateRelay"]')!.value = '9';
    let saved = false;
    panel.addEventListener('shell-settings-save', () => (saved = true));
    form().requestSubmit();
    expect(saved).to.equal(false);
    expect(form().querySelector<HTMLInputElement>('[name="gateRelay"]')!.validity.rangeOverflow).to.equal(true);
  });

  it('asks the app for a test opening and to pair the relay board', async () => {
    const { panel } = await unlockedPanel();
    const buttons = [...panel.shadowRoot!.querySelectorAll('button')];
    const tested = nextEvent(panel, 'shell-test-gate');
    buttons.find((b) => b.textContent === '测试开闸')!.click();
    await tested;
    const paired = nextEvent<CustomEvent<{ role: string }>>(panel, 'shell-pair');
    buttons.find((b) => b.textContent === '选择继电器板')!.click();
    expect((await paired).detail.role).to.equal('gate');
  });
});

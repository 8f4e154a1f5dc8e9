/**
 * `?proxy=` in the kiosk's address: alone it is a one-off for this tab (reloads included), never
 * stored on the device; in a setup address with the key it is stored with the key; staff saving the
 * settings store what the proxy field shows.
 */
import { expect } from '@esm-bundle/chai';
import { DEFAULT_GATE } from '../../kiosk-shell/gate-settings.js';
import { endSessionProxy, loadSettings, saveSettings } from '../../kiosk-shell/settings.js';

const STORAGE_KEY = 'lane-kiosk.settings';
const OWN_PROXY = 'http://127.0.0.1:8080';
const OTHER_PROXY = 'http://127.0.0.1:9090';
const DEVICE = { proxyUrl: OWN_PROXY, lane: 'exit-1', laneKey: 'k', locale: 'zh-CN', hardware: 'virtual', direction: 'exit', printerProfile: 'generic-80', gate: DEFAULT_GATE } as const;

const storedProxy = () => (JSON.parse(localStorage.getItem(STORAGE_KEY)!) as { proxyUrl: string }).proxyUrl;

describe('kiosk settings: ?proxy= in the address', () => {
  // The test runner's own page address, put back after each test.
  const address = location.href;
  afterEach(() => {
    history.replaceState(null, '', address);
    localStorage.removeItem(STORAGE_KEY);
    endSessionProxy();
  });

  it('alone, points this tab at that proxy, through reloads, and never stores it', () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(DEVICE));
    history.replaceState(null, '', `/?proxy=${encodeURIComponent(OTHER_PROXY)}&kiosk=1`);
    expect(loadSettings()!.proxyUrl).to.equal(OTHER_PROXY);
    expect(storedProxy(), 'the device keeps its own proxy').to.equal(OWN_PROXY);
    expect(location.search, 'taken from the address').to.equal('?kiosk=1');

    // A reload: the address no longer has it, the tab still does.
    const reloaded = loadSettings()!;
    expect(reloaded.proxyUrl).to.equal(OTHER_PROXY);
    // The kiosk saves what it learns (the lane's direction) with the settings in use: still not the one-off proxy.
    saveSettings({ ...reloaded, direction: 'entry' });
    expect(storedProxy()).to.equal(OWN_PROXY);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).direction).to.equal('entry');

    // The tab closes: a new session starts with the device's proxy.
    endSessionProxy();
    expect(loadSettings()!.proxyUrl).to.equal(OWN_PROXY);
  });

  it('in a setup address with the key, is stored with the key, and ends any one-off', () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(DEVICE));
    history.replaceState(null, '', `/?proxy=${encodeURIComponent('http://127.0.0.1:7070')}`);
    loadSettings();
    history.replaceState(null, '', `/?lane=exit-2&key=k2&proxy=${encodeURIComponent(OTHER_PROXY)}`);
    expect(loadSettings()).to.deep.include({ proxyUrl: OTHER_PROXY, lane: 'exit-2', laneKey: 'k2' });
    expect(storedProxy()).to.equal(OTHER_PROXY);
    expect(location.search, 'the key leaves the address').to.equal('');
    expect(loadSettings()!.proxyUrl).to.equal(OTHER_PROXY);
  });

  it('staff saving the settings store the proxy they chose, once the one-off has ended', () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(DEVICE));
    history.replaceState(null, '', `/?proxy=${encodeURIComponent(OTHER_PROXY)}`);
    const settings = loadSettings()!;
    // What the settings panel's save does (settings-opener.ts).
    endSessionProxy();
    saveSettings(settings);
    expect(storedProxy()).to.equal(OTHER_PROXY);
  });
});

/**
 * The kiosk's own settings, kept on the device: proxy, lane and key, language, hardware. The lane
 * and key come from the URL once (`?lane=exit-1&key=…`) or from the staff settings panel, so a
 * reboot needs no typing.
 *
 * `?proxy=` is a one-off unless it comes with a key: alone, it points this tab at another proxy
 * until the tab closes (reloads included) and is never stored, so the next start finds the lane's
 * own proxy again. In a setup address (`?lane=…&key=…&proxy=…`) it is stored with the key it
 * belongs to; staff saving the settings panel store the proxy its field shows.
 */
import type { ScanEncodingSetting, SuffixSetting } from '../src/hardware/scan-decoding.js';
import { profileById } from '../src/hardware/escpos/profiles.js';
import { gateSettingsFrom, type GateSettings } from './gate-settings.js';

const STORAGE_KEY = 'lane-kiosk.settings';
/** This tab's one-off proxy: session storage ends with the tab, and a reload keeps it. */
const SESSION_PROXY_KEY = 'lane-kiosk.session-proxy';

export interface ShellSettings {
  proxyUrl: string;
  lane: string;
  laneKey: string;
  locale: 'zh-CN' | 'en';
  hardware: 'virtual' | 'serial';
  /** With real hardware: a scanner on a serial port (USB-COM/CDC, preferred) or one typing as a USB keyboard. */
  scanner: 'serial' | 'keyboard-wedge';
  /** What the scanner sends: decided per scan, or fixed as the scanner is set up. */
  scannerEncoding: ScanEncodingSetting;
  /**
   * How a scan ends: learnt (`auto`), on the scanner's Enter/Tab suffix alone, or on a pause. Set
   * `suffix` for a scanner whose bytes arrive in slow chunks (Bluetooth, some USB adapters).
   */
  scannerSuffix: SuffixSetting;
  /** The printer model profile's id (src/hardware/escpos/profiles.ts); an unknown id means the generic 80 mm one. */
  printerProfile: string;
  /** Who lifts the barrier, and the relay board's settings when the kiosk does. */
  gate: GateSettings;
  /** Learned from the lane's config, so the right screen starts even with the proxy down. */
  direction: 'exit' | 'entry';
}

function stored(): Partial<ShellSettings> {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<ShellSettings>;
  } catch {
    return {}; // A corrupt entry is replaced on the next save.
  }
}

function sessionProxy(): string | null {
  return sessionStorage.getItem(SESSION_PROXY_KEY);
}

/** Forgets this tab's one-off proxy: the stored one applies again (staff saved, or a setup address came). */
export function endSessionProxy(): void {
  sessionStorage.removeItem(SESSION_PROXY_KEY);
}

/** URL parameters win over what is stored; null until a lane and key are known. */
export function loadSettings(): ShellSettings | null {
  const params = new URLSearchParams(location.search);
  const saved = stored();
  const setup = params.has('key');
  if (setup) endSessionProxy();
  else if (params.get('proxy')) sessionStorage.setItem(SESSION_PROXY_KEY, params.get('proxy')!);
  const settings: ShellSettings = {
    proxyUrl: (setup ? params.get('proxy') : sessionProxy()) ?? saved.proxyUrl ?? location.origin,
    lane: params.get('lane') ?? saved.lane ?? '',
    laneKey: params.get('key') ?? saved.laneKey ?? '',
    locale: params.get('locale') === 'en' ? 'en' : (saved.locale ?? 'zh-CN'),
    hardware: (params.get('hardware') ?? saved.hardware) === 'serial' ? 'serial' : 'virtual',
    scanner: scannerKindFrom(params.get('scanner') ?? saved.scanner),
    scannerEncoding: scannerEncodingFrom(saved.scannerEncoding),
    scannerSuffix: scannerSuffixFrom(saved.scannerSuffix),
    printerProfile: profileById(params.get('printer') ?? saved.printerProfile).id,
    gate: gateSettingsFrom(saved.gate),
    direction: saved.lane === (params.get('lane') ?? saved.lane) && saved.direction === 'entry' ? 'entry' : 'exit',
  };
  if (!settings.lane || !settings.laneKey) return null;
  saveSettings(settings);
  // The key is a secret: it must not stay in the address bar or the history. A one-off proxy is
  // taken into the session: left in the address, it would come back after staff saved another.
  if (setup || params.has('proxy')) history.replaceState(null, '', location.pathname + (params.get('kiosk') ? '?kiosk=1' : ''));
  return settings;
}

export function scannerKindFrom(value: unknown): ShellSettings['scanner'] {
  return value === 'keyboard-wedge' ? 'keyboard-wedge' : 'serial';
}

export function scannerEncodingFrom(value: unknown): ScanEncodingSetting {
  return value === 'utf-8' || value === 'gb18030' ? value : 'auto';
}

export function scannerSuffixFrom(value: unknown): SuffixSetting {
  return value === 'suffix' || value === 'idle' ? value : 'auto';
}

/** Stores the settings; a proxy that is this tab's one-off is not stored, the device's own stays. */
export function saveSettings(settings: ShellSettings): void {
  const oneOff = sessionProxy();
  const kept = oneOff !== null && settings.proxyUrl === oneOff ? { ...settings, proxyUrl: stored().proxyUrl ?? location.origin } : settings;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
}

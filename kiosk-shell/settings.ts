/**
 * The kiosk's own settings, kept on the device: proxy, lane and key, language, hardware. The lane
 * and key come from the URL once (`?lane=exit-1&key=…`) or from the staff settings panel, so a
 * reboot needs no typing.
 */
import type { ScanEncodingSetting, SuffixSetting } from '../src/hardware/scan-decoding.js';
import { profileById } from '../src/hardware/escpos/profiles.js';
import { gateSettingsFrom, type GateSettings } from './gate-settings.js';

const STORAGE_KEY = 'lane-kiosk.settings';

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

/** URL parameters win over what is stored; null until a lane and key are known. */
export function loadSettings(): ShellSettings | null {
  const params = new URLSearchParams(location.search);
  const saved = stored();
  const settings: ShellSettings = {
    proxyUrl: params.get('proxy') ?? saved.proxyUrl ?? location.origin,
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
  // The key is a secret: it must not stay in the address bar or the history.
  if (params.has('key')) history.replaceState(null, '', location.pathname + (params.get('kiosk') ? '?kiosk=1' : ''));
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

export function saveSettings(settings: ShellSettings): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
}

/**
 * The kiosk's own settings, kept on the device: proxy, lane and key, language, hardware. The lane
 * and key come from the URL once (`?lane=exit-1&key=…`) or from the staff settings panel, so a
 * reboot needs no typing.
 */
import { gateSettingsFrom, type GateSettings } from './gate-settings.js';

const STORAGE_KEY = 'lane-kiosk.settings';

export interface ShellSettings {
  proxyUrl: string;
  lane: string;
  laneKey: string;
  locale: 'zh-CN' | 'en';
  hardware: 'virtual' | 'serial';
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
    gate: gateSettingsFrom(saved.gate),
    direction: saved.lane === (params.get('lane') ?? saved.lane) && saved.direction === 'entry' ? 'entry' : 'exit',
  };
  if (!settings.lane || !settings.laneKey) return null;
  saveSettings(settings);
  // The key is a secret: it must not stay in the address bar or the history.
  if (params.has('key')) history.replaceState(null, '', location.pathname + (params.get('kiosk') ? '?kiosk=1' : ''));
  return settings;
}

export function saveSettings(settings: ShellSettings): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
}

/**
 * What one doctor probe found about one platform of one lot, and the line that says it. Pure: the
 * probes (probes.ts) do the calls; this decides what an answer or a failure means.
 */
import { UpstreamError } from '../errors.js';

export type PlatformName = 'welink' | 'shanghai' | 'etcp';

/** The Shanghai platform wants the lot's clock within 10 s of its own (seeds/003); the others' windows are wider. */
const MAX_SKEW_MS = 10_000;

export interface ClockReading {
  /** Platform clock minus local clock. */
  skewMs: number;
  /** serverTime: the platform's own millisecond clock; Date: the HTTP Date header, whole seconds. */
  source: 'serverTime' | 'Date';
  /** How far off the reading itself may be: half the round trip, plus half a second for a Date header. */
  uncertaintyMs: number;
}

export interface Verdict {
  lotId: string;
  /** "local" for a lot that reaches no platform. */
  platform: PlatformName | 'local';
  /** The platform's address, without any credentials a URL might carry. */
  target: string;
  reachable: boolean;
  signature: 'accepted' | 'refused' | 'not tried';
  clock: ClockReading | null;
  /** Anything that makes this line a failure, in words that say what to do. */
  problems: string[];
}

/** Platform codes that mean "we do not know you": wrong id, wrong secret, or (ETCP 3) a clock too far off to sign. */
const CREDENTIAL_REFUSALS: Record<PlatformName, ReadonlySet<string>> = {
  welink: new Set(['0002', '0003']),
  etcp: new Set(['3', '4', '5']),
  shanghai: new Set(['1001', '1003', '1004', '1005', '1007', '1009']),
};

const CREDENTIAL_FIELDS: Record<PlatformName, string> = {
  welink: 'appId, secretKey and parkId',
  etcp: 'merchantNo and merchantKey',
  shanghai: 'appId and password',
};

/** Where a platform's credentials sit in the config, e.g. "appId and password at /lots/0/cityPlatform". */
function credentialHint(platform: PlatformName, lotIndex: number): string {
  return `${CREDENTIAL_FIELDS[platform]} at /lots/${lotIndex}/${platform === 'shanghai' ? 'cityPlatform' : 'feeSource'}`;
}

/** An address fit to print: scheme, host, port and path, never a user or password in it. */
export function printableTarget(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname.replace(/\/$/, '')}`;
  } catch {
    return '(not a URL)';
  }
}

/** The clock as an HTTP Date header tells it, against the local send and receive times of that answer. */
export function dateHeaderReading(sentAtMs: number, receivedAtMs: number, dateMs: number): ClockReading {
  const halfTrip = (receivedAtMs - sentAtMs) / 2;
  // A Date header truncates to the second: the platform's clock was somewhere in the second after it.
  return { skewMs: Math.round(dateMs + 500 - (sentAtMs + halfTrip)), source: 'Date', uncertaintyMs: Math.round(halfTrip + 500) };
}

/** What a failed call says about the platform: reached or not, credentials accepted or not, and what to do. */
export function failedCall(platform: PlatformName, lotIndex: number, error: unknown): Pick<Verdict, 'reachable' | 'signature' | 'problems'> {
  if (!(error instanceof UpstreamError)) return { reachable: false, signature: 'not tried', problems: [`the probe failed: ${(error as Error).message}`] };
  switch (error.kind) {
    case 'unreachable':
      return { reachable: false, signature: 'not tried', problems: [`unreachable (${error.message}): check the baseUrl and the network`] };
    case 'timeout':
      return { reachable: false, signature: 'not tried', problems: [`unreachable: ${error.message}`] };
    case 'bad-response':
      return { reachable: true, signature: 'not tried', problems: [`the answer is not ${platform}'s (${error.message}): check the baseUrl`] };
  }
  if (CREDENTIAL_REFUSALS[platform].has(error.code)) {
    return { reachable: true, signature: 'refused', problems: [`${error.code}: ${error.message}; check ${credentialHint(platform, lotIndex)}`] };
  }
  return { reachable: true, signature: 'accepted', problems: [`${platform} refused the call (${error.code}: ${error.message})`] };
}

export function clockProblem(clock: ClockReading | null): string | null {
  if (!clock || Math.abs(clock.skewMs) - clock.uncertaintyMs <= MAX_SKEW_MS) return null;
  return `this machine's clock is ${formatSeconds(Math.abs(clock.skewMs))} ${clock.skewMs > 0 ? 'behind' : 'ahead of'} the platform, more than ${MAX_SKEW_MS / 1000} s: fix its time sync (NTP)`;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function describeClock(clock: ClockReading | null): string {
  if (!clock) return 'clock skew unknown (no server time and no Date header)';
  const sign = clock.skewMs >= 0 ? '+' : '−';
  return `clock skew ${sign}${formatSeconds(Math.abs(clock.skewMs))} ±${formatSeconds(clock.uncertaintyMs)} (${clock.source === 'Date' ? 'HTTP Date header' : 'server time'})`;
}

export function passed(verdict: Verdict): boolean {
  return verdict.problems.length === 0;
}

/**
 * One line per verdict: `ok  ` or `FAIL`, the lot, the platform and its address, then what was
 * found; columns aligned across the lines.
 */
export function verdictLines(verdicts: readonly Verdict[]): string[] {
  const lotWidth = Math.max(0, ...verdicts.map((v) => v.lotId.length));
  const platformWidth = Math.max(0, ...verdicts.map((v) => v.platform.length));
  const targetWidth = Math.max(0, ...verdicts.map((v) => v.target.length));
  return verdicts.map((verdict) => {
    const head = `${passed(verdict) ? 'ok  ' : 'FAIL'}  ${verdict.lotId.padEnd(lotWidth)}  ${verdict.platform.padEnd(platformWidth)}  ${verdict.target.padEnd(targetWidth)}`;
    if (verdict.platform === 'local') return `${head}  local tariff, no platform to reach`;
    // An unreachable platform's one problem says so, with the reason.
    const found = verdict.reachable ? ['reachable', `signature ${verdict.signature}`, describeClock(verdict.clock)] : [];
    return `${head}  ${[...found, ...verdict.problems].join('; ')}`;
  });
}

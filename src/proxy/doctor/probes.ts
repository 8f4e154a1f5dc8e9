/**
 * The doctor's calls: one harmless signed call per platform of each lot, through the proxy's own
 * clients, so a pass means the running proxy's calls will be accepted too.
 * - Welink: /info/lanes (read only), which also tells whether the configured platformLaneIds exist;
 * - Shanghai: a heartbeat (the proxy's next one, within five minutes, carries the day's real totals);
 * - ETCP: the union login (usersigin). ETCP keeps only the newest token, so a running proxy's next
 *   call is refused once as "invalid token" and the proxy logs in again by itself (etcp/session.ts).
 * Each call is bounded by the lot's timeoutMs; the clock skew comes from the platform's server time
 * or, failing that, from its HTTP Date header.
 */
import diagnostics from 'node:diagnostics_channel';
import type { LotSettings, ProxyConfig } from '../config.js';
import { EtcpClient } from '../providers/etcp/client.js';
import { EtcpSession } from '../providers/etcp/session.js';
import { ShanghaiClient } from '../providers/shanghai/client.js';
import { ShanghaiReporter } from '../providers/shanghai/reporter.js';
import { ShanghaiLedger } from '../providers/shanghai/ledger.js';
import { MemoryStateStore } from '../state/store.js';
import { UPSTREAM_CHANNEL, type UpstreamExchange } from '../providers/upstream.js';
import { WelinkClient } from '../providers/welink/client.js';
import { WelinkLotServices } from '../providers/welink/lot-services.js';
import { clockProblem, dateHeaderReading, failedCall, printableTarget, type ClockReading, type PlatformName, type Verdict } from './verdict.js';

interface Findings {
  /** Platform clock minus local clock, when the platform states its time in the answer. */
  serverSkewMs?: number | null;
  problems?: string[];
}

/** Lists shown in a problem stay readable. */
const MAX_LISTED = 8;

/** Runs `call` and turns what happened into a verdict, the clock read from the answer or its Date header. */
async function probe(lotId: string, lotIndex: number, platform: PlatformName, baseUrl: string, call: () => Promise<Findings>): Promise<Verdict> {
  const dates: number[] = [];
  const base = baseUrl.replace(/\/$/, '');
  const onExchange = (message: unknown) => {
    const exchange = message as UpstreamExchange;
    const dateMs = exchange.date === null ? NaN : Date.parse(exchange.date);
    if (exchange.url.startsWith(base) && !Number.isNaN(dateMs)) dates.push(dateMs);
  };
  diagnostics.subscribe(UPSTREAM_CHANNEL, onExchange);
  const sentAt = Date.now();
  const verdict: Verdict = { lotId, platform, target: printableTarget(baseUrl), reachable: true, signature: 'accepted', clock: null, problems: [] };
  try {
    const findings = await call();
    const receivedAt = Date.now();
    verdict.problems.push(...(findings.problems ?? []));
    verdict.clock =
      typeof findings.serverSkewMs === 'number'
        ? { skewMs: findings.serverSkewMs, source: 'serverTime', uncertaintyMs: Math.round((receivedAt - sentAt) / 2) }
        : dateClock(sentAt, receivedAt, dates);
  } catch (error) {
    Object.assign(verdict, failedCall(platform, lotIndex, error));
    // A refusal still carries the platform's Date, which tells whether the clock is why it refused.
    verdict.clock = dateClock(sentAt, Date.now(), dates);
  } finally {
    diagnostics.unsubscribe(UPSTREAM_CHANNEL, onExchange);
  }
  const clock = clockProblem(verdict.clock);
  if (clock) verdict.problems.push(clock);
  return verdict;
}

function dateClock(sentAt: number, receivedAt: number, dates: number[]): ClockReading | null {
  const last = dates.at(-1);
  return last === undefined ? null : dateHeaderReading(sentAt, receivedAt, last);
}

/** Every lane the config ties to a Welink laneId must be one of the park's lanes, or lane auth fails at that lane. */
async function welinkLanes(client: WelinkClient, lot: LotSettings): Promise<Findings> {
  const known = await new WelinkLotServices(client).platformLanes();
  const ids = new Set(known.map((lane) => lane.platformLaneId));
  const listed = known.slice(0, MAX_LISTED).map((lane) => `${lane.platformLaneId} ${lane.name} (${lane.kind})`);
  if (known.length > MAX_LISTED) listed.push(`and ${known.length - MAX_LISTED} more`);
  const unknown = lot.lanes.filter((lane) => lane.platformLaneId !== null && !ids.has(lane.platformLaneId));
  if (unknown.length === 0) return {};
  const configured = unknown.map((lane) => `${lane.laneId} → ${lane.platformLaneId}`).join(', ');
  return { problems: [`platformLaneId not one of this park's lanes: ${configured} (Welink lists: ${listed.join(', ') || 'none'})`] };
}

async function examineFeeSource(lot: LotSettings, lotIndex: number): Promise<Verdict> {
  const fee = lot.feeSource;
  switch (fee.type) {
    case 'welink':
      return probe(lot.lotId, lotIndex, 'welink', fee.baseUrl, () => welinkLanes(new WelinkClient(fee), lot));
    case 'etcp':
      return probe(lot.lotId, lotIndex, 'etcp', fee.baseUrl, async () => {
        await new EtcpSession(new EtcpClient(fee)).token();
        return {};
      });
    case 'local':
      return { lotId: lot.lotId, platform: 'local', target: '-', reachable: true, signature: 'not tried', clock: null, problems: [] };
  }
}

/** A heartbeat reports no stay, so the doctor's ledger never touches the proxy's state store. */
function heartbeatOnlyLedger(parkingId: string): ShanghaiLedger {
  return new ShanghaiLedger(new MemoryStateStore(), parkingId);
}

/** One verdict per platform of each lot, one call at a time so each Date header belongs to its own probe. */
export async function examine(config: ProxyConfig): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const [lotIndex, lot] of config.lots.entries()) {
    verdicts.push(await examineFeeSource(lot, lotIndex));
    const city = lot.cityPlatform;
    if (city) {
      verdicts.push(
        await probe(lot.lotId, lotIndex, 'shanghai', city.baseUrl, async () => {
          const health = await new ShanghaiReporter(new ShanghaiClient(city), heartbeatOnlyLedger(city.parkingId), { freeBerth: () => city.freeBerth }).heartbeat();
          return { serverSkewMs: health.skewMs };
        }),
      );
    }
  }
  return verdicts;
}

/**
 * The lanes of the board bench (bench/attendant-board.ts): LANES kiosks, each on its own keep-alive
 * connection, each reporting a changed screen to PROXY_URL every 2 s, staggered evenly, for
 * DURATION_MS. The report carries its send time (0.1 ms since EPOCH_MS, as dueFen), so the consoles
 * can time each change from the lane's report to their board without sharing anything else.
 * Prints one JSON line at the end: reports accepted (and of those, sent after WARM_UP_MS), refused
 * and failed, and the report request's own round trip, p50 and p99.
 */
import { Agent, request } from 'node:http';

const target = new URL(process.env.PROXY_URL!);
const lanes = Number(process.env.LANES);
const durationMs = Number(process.env.DURATION_MS);
const epochMs = Number(process.env.EPOCH_MS);
const warmUpMs = Number(process.env.WARM_UP_MS);
const REPORT_EVERY_MS = 2_000;
/** One socket per kiosk, as 1,000 real kiosks would hold. */
const agents = Array.from({ length: lanes }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
const screens = ['quoted', 'paying'] as const;

const tally = { accepted: 0, acceptedAfterWarmUp: 0, refused: 0, failed: 0 };
const roundTrips: number[] = [];
const sinceEpoch = () => performance.timeOrigin + performance.now() - epochMs;

function report(lane: number, turn: number): void {
  const sentAt = sinceEpoch();
  const body = JSON.stringify({
    outbox: { depth: 0, deadLetters: 0, oldestCreatedAt: null },
    board: { screen: screens[turn % 2], plate: '沪A12345', dueFen: Math.round(sentAt * 10), screenAgeMs: 0, printer: 'ok', scanner: 'ok', gate: 'none', clockSkewMs: 0 },
  });
  const laneId = `bench-${String(lane).padStart(4, '0')}`;
  const headers = { authorization: `Bearer bench-lane-key-${laneId}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  const req = request({ host: target.hostname, port: target.port, method: 'PUT', path: `/v1/lanes/${laneId}/status`, agent: agents[lane], headers }, (res) => {
    if (res.statusCode === 204) {
      tally.accepted++;
      if (sentAt >= warmUpMs) {
        tally.acceptedAfterWarmUp++;
        roundTrips.push(sinceEpoch() - sentAt);
      }
    } else tally.refused++;
    res.resume();
  });
  req.on('error', () => tally.failed++);
  req.end(body);
}

const timers = Array.from({ length: lanes }, (_, lane) =>
  setTimeout(() => {
    let turn = 0;
    report(lane, turn++);
    timers[lane] = setInterval(() => report(lane, turn++), REPORT_EVERY_MS);
  }, (lane * REPORT_EVERY_MS) / lanes),
);
setTimeout(() => {
  for (const timer of timers) clearInterval(timer);
  // Answers still in flight get a moment; then the tally.
  setTimeout(() => {
    roundTrips.sort((a, b) => a - b);
    const at = (q: number) => roundTrips[Math.min(roundTrips.length - 1, Math.floor(q * roundTrips.length))] ?? NaN;
    process.stdout.write(`${JSON.stringify({ ...tally, roundTripP50: at(0.5), roundTripP99: at(0.99) })}\n`);
    for (const agent of agents) agent.destroy();
  }, 1_000);
}, durationMs);

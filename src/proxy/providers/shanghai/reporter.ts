/**
 * Reports passages to the Shanghai city platform: arrive and leave in real time, or through
 * /parking/data/resend when the event is more than 30 s old (§5.1.1–5.1.4); and the five-minute
 * heartbeat, whose serverTime tells how far the local clock has drifted.
 */
import { formatBeijingCompact } from '../../../core/time.js';
import type { ShanghaiClient } from './client.js';
import type { ShanghaiLedger } from './ledger.js';

export interface PassageReport {
  kind: 'arrive' | 'leave';
  plate: string;
  /** When the car passed the barrier. */
  atMs: number;
  /** Entry time of the stay; for a leave it gives the parking time and the business id. */
  enteredAtMs: number;
  payFen: number;
  /** wechat, alipay, uppay, cash, tcard, unknown. */
  payType: string;
  vehicleType: 1 | 2;
  laneType: 1 | 2 | 9;
  parkType: 1 | 2 | 3 | 4 | 9;
}

export interface ReporterHealth {
  lastHeartbeatAt: number | null;
  /** serverTime − local time at the last heartbeat, in ms. */
  skewMs: number | null;
  /** The spec wants the local clock within 10 s of the platform. */
  skewAlarm: boolean;
  realtime: number;
  resent: number;
}

const PAY_TYPES = new Set(['wechat', 'alipay', 'uppay', 'cash', 'tcard', 'unknown']);

export class ShanghaiReporter {
  private readonly totals = { day: '', arrived: 0, left: 0 };
  readonly health: ReporterHealth = { lastHeartbeatAt: null, skewMs: null, skewAlarm: false, realtime: 0, resent: 0 };

  constructor(
    private readonly client: ShanghaiClient,
    /** Where each stay's business id is kept; the fee query, payments and invoices use it too. */
    readonly ledger: ShanghaiLedger,
    /** `freeBerth`: the lot's free spaces now (LiveFreeSpaces: bounded in time, cached briefly). */
    private readonly options: { freeBerth: () => number | Promise<number>; lateAfterMs?: number; now?: () => number },
  ) {}

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Sends one passage; returns which route it took. */
  async report(passage: PassageReport): Promise<'realtime' | 'resend'> {
    const record = await this.record(passage, await this.options.freeBerth());
    await this.ledger.passed(passage.kind, passage.plate, passage.enteredAtMs);
    const late = this.now - passage.atMs > (this.options.lateAfterMs ?? 30_000);
    if (late) {
      await this.client.post('/parking/data/resend/{parkingId}', { arrive: passage.kind === 'arrive' ? [record] : [], leave: passage.kind === 'leave' ? [record] : [] });
      this.health.resent += 1;
    } else {
      await this.client.post(`/parking/data/parkplot/${passage.kind}/{parkingId}`, record);
      this.health.realtime += 1;
    }
    this.count(passage);
    return late ? 'resend' : 'realtime';
  }

  async heartbeat(): Promise<ReporterHealth> {
    const sentAt = this.now;
    this.rollDay(sentAt);
    const data = await this.client.post<{ serverTime?: number }>('/parking/manage/parkplot/heartbeat/{parkingId}', {
      totalArrived: this.totals.arrived,
      totalLeft: this.totals.left,
      freeBerth: await this.options.freeBerth(),
      // §5.1.3's table and example both spell it so, unlike arrive and leave.
      dataTime: sentAt,
    });
    const receivedAt = this.now;
    if (typeof data?.serverTime === 'number') {
      // The server read its clock about halfway through the round trip.
      this.health.skewMs = data.serverTime - Math.round((sentAt + receivedAt) / 2);
      this.health.skewAlarm = Math.abs(this.health.skewMs) >= 10_000;
    }
    this.health.lastHeartbeatAt = receivedAt;
    return this.health;
  }

  /** Field names as §5.1.1 and §5.1.2's tables spell them (their examples say freePerth and dataTime). */
  private async record(p: PassageReport, freeBerth: number): Promise<Record<string, unknown>> {
    const common = {
      seq: await this.ledger.businessIdOf(p.plate, p.enteredAtMs),
      plateId: p.plate,
      vehicleType: p.vehicleType,
      laneType: p.laneType,
      freeBerth,
      parkType: p.parkType,
      dateTime: p.atMs,
    };
    if (p.kind === 'arrive') return common;
    return {
      ...common,
      parkingTime: Math.max(0, Math.round((p.atMs - p.enteredAtMs) / 1000)),
      payMoney: p.payFen,
      payType: PAY_TYPES.has(p.payType) ? p.payType : 'unknown',
    };
  }

  private rollDay(at: number): void {
    const day = formatBeijingCompact(at).slice(0, 8);
    if (day !== this.totals.day) Object.assign(this.totals, { day, arrived: 0, left: 0 });
  }

  private count(p: PassageReport): void {
    this.rollDay(this.now);
    if (p.kind === 'arrive') this.totals.arrived += 1;
    else this.totals.left += 1;
  }
}

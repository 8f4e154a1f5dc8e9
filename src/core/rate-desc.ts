/**
 * Reads ETCP's `rateDesc` text into a Tariff. The format (seeds/000 §8.12): periods split by `&`;
 * a period is `name HH:MM-HH:MM#` then `label|value` items split by `%`; values carry spaces and
 * units ("35 元", "5 元/小时", "30 分钟"). Night periods wrap past midnight.
 *
 *   白天 7:00-21:00#免费时间|30 分钟%封顶|35 元%小型车|5 元/小时%大型车|5 元/小时%&夜间 21:00-7:00#小型车|5 元/小时%大型车|5 元/小时
 */
import { parseYuan, type Fen } from './money.js';
import type { PeriodRate, Tariff, TariffPeriod, VehicleClass } from './tariff.js';
import { TariffError, validateTariff } from './tariff.js';

export interface ParsedRateDesc {
  tariff: Tariff;
  /** Items this parser does not understand, kept for staff to review rather than guessed at. */
  ignored: string[];
}

const VEHICLE_LABELS: Record<string, VehicleClass> = { 小型车: 'small', 小车: 'small', 小型: 'small', 大型车: 'large', 大车: 'large', 大型: 'large' };
const PERIOD_HEAD = /^(.*?)\s*(\d{1,2}):(\d{2})\s*[-~—–]\s*(\d{1,2}):(\d{2})\s*$/;
const PRICE = /^([\d.]+)\s*元\s*(?:\/\s*(小时|半小时|次|(\d+)\s*分钟|(\d+)\s*小时))?$/;
const DURATION = /^(\d+)\s*(分钟|小时)$/;

function minuteOfDay(hours: string, minutes: string, field: string): number {
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 24 || m > 59 || (h === 24 && m !== 0)) throw new TariffError(`${field}: no such time ${hours}:${minutes}`);
  return (h * 60 + m) % 1440;
}

function parsePrice(value: string, label: string): { fen: Fen; perMinutes: number | null } {
  const match = PRICE.exec(value.replace(/\s+/g, ' ').trim());
  if (!match) throw new TariffError(`${label}: "${value}" is not a price`);
  const fen = parseYuan(match[1]!);
  const unit = match[2];
  if (unit === undefined) return { fen, perMinutes: null };
  if (unit === '次') return { fen, perMinutes: 0 };
  if (unit === '小时') return { fen, perMinutes: 60 };
  if (unit === '半小时') return { fen, perMinutes: 30 };
  if (match[3]) return { fen, perMinutes: Number(match[3]) };
  return { fen, perMinutes: Number(match[4]) * 60 };
}

function parseDuration(value: string, label: string): number {
  const match = DURATION.exec(value.replace(/\s+/g, '').replace(/(\d)(分钟|小时)/, '$1$2'));
  if (!match) throw new TariffError(`${label}: "${value}" is not a duration`);
  return Number(match[1]) * (match[2] === '小时' ? 60 : 1);
}

export function parseRateDesc(text: string, options: { dailyCapFen?: Fen | null; capMode?: Tariff['capMode'] } = {}): ParsedRateDesc {
  const ignored: string[] = [];
  let freeMinutes = 0;
  const periods: TariffPeriod[] = [];
  for (const chunk of text.replace(/\r?\n/g, '').split('&')) {
    if (chunk.trim() === '') continue;
    const [head = '', body = ''] = chunk.split('#');
    const time = PERIOD_HEAD.exec(head.trim());
    if (!time) throw new TariffError(`period "${head}" has no HH:MM-HH:MM`);
    const period: TariffPeriod = {
      name: time[1]!.trim() || `${time[2]}:${time[3]}`,
      startMinute: minuteOfDay(time[2]!, time[3]!, head),
      endMinute: minuteOfDay(time[4]!, time[5]!, head),
      rates: {},
      capFen: null,
    };
    let first: { minutes: number; fen: Fen } | null = null;
    let perEntry: Fen | null = null;
    for (const item of body.split('%')) {
      if (item.trim() === '') continue;
      const [rawLabel = '', rawValue = ''] = item.split('|');
      const label = rawLabel.trim();
      const value = rawValue.trim();
      if (label === '免费时间' || label === '免费时长') {
        freeMinutes = Math.max(freeMinutes, parseDuration(value, label));
      } else if (label === '封顶') {
        period.capFen = parsePrice(value, label).fen;
      } else if (label in VEHICLE_LABELS) {
        const price = parsePrice(value, label);
        const rate: PeriodRate =
          price.perMinutes === 0 || price.perMinutes === null ? { kind: 'per-entry', fen: price.fen } : { kind: 'unit', unitMinutes: price.perMinutes, unitFen: price.fen };
        period.rates[VEHICLE_LABELS[label]!] = rate;
      } else if (/^首\s*(\d*)\s*小时$/.test(label)) {
        first = { minutes: Number(/(\d+)/.exec(label)?.[1] ?? 1) * 60, fen: parsePrice(value, label).fen };
      } else if (label === '按次' || label === '每次') {
        perEntry = parsePrice(value, label).fen;
      } else {
        ignored.push(item.trim());
      }
    }
    if (perEntry !== null) for (const vehicle of ['small', 'large'] as const) period.rates[vehicle] ??= { kind: 'per-entry', fen: perEntry };
    if (first) {
      for (const [vehicle, rate] of Object.entries(period.rates) as Array<[VehicleClass, PeriodRate]>) {
        if (rate.kind === 'unit') period.rates[vehicle] = { ...rate, firstMinutes: first.minutes, firstFen: first.fen };
      }
    }
    periods.push(period);
  }
  const tariff: Tariff = { freeMinutes, periods, dailyCapFen: options.dailyCapFen ?? null, capMode: options.capMode ?? 'natural-day' };
  validateTariff(tariff);
  return { tariff, ignored };
}

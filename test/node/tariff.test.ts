import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseRateDesc } from '../../src/core/rate-desc.js';
import { computeFee, TariffError, validateTariff, type PeriodRate, type Tariff } from '../../src/core/tariff.js';
import { parseBeijing } from '../../src/core/time.js';

const at = (text: string) => parseBeijing(`${text}:00`);
const fee = (tariff: Tariff, from: string, to: string, vehicle: 'small' | 'large' = 'small') => computeFee(tariff, vehicle, at(from), at(to)).fen;

// The example in ETCP's spec (seeds/000 §8.12.3), spaces and all.
const ETCP_EXAMPLE = '白天 7:00-21:00#免费时间|30 分钟%封顶|35 元%小型车|5 元/小时%大型车|5 元/小时%&夜间 21:00-7:00#小型车|5 元/小时%大型车|5 元/小时';

test("ETCP's rateDesc example parses into two periods with free time and a day cap", () => {
  const { tariff, ignored } = parseRateDesc(ETCP_EXAMPLE);
  assert.deepEqual(ignored, []);
  assert.equal(tariff.freeMinutes, 30);
  assert.deepEqual(
    tariff.periods.map((p) => [p.name, p.startMinute, p.endMinute, p.capFen]),
    [
      ['白天', 420, 1260, 3500],
      ['夜间', 1260, 420, null],
    ],
  );
  assert.deepEqual(tariff.periods[0]!.rates.small, { kind: 'unit', unitMinutes: 60, unitFen: 500 });
});

test('hand-computed fees under the ETCP example tariff', () => {
  const { tariff } = parseRateDesc(ETCP_EXAMPLE);
  assert.equal(fee(tariff, '2026-11-23 08:00', '2026-11-23 08:25'), 0, 'inside the free 30 minutes');
  assert.equal(fee(tariff, '2026-11-23 08:00', '2026-11-23 08:30'), 0, 'exactly 30 minutes is still free');
  assert.equal(fee(tariff, '2026-11-23 08:00', '2026-11-23 08:31'), 500, 'past the free time, charged from entry');
  assert.equal(fee(tariff, '2026-11-23 08:00', '2026-11-23 10:01'), 1500, 'three started hours');
  assert.equal(fee(tariff, '2026-11-23 08:00', '2026-11-23 20:00'), 3500, 'the day period is capped at ¥35');
  assert.equal(fee(tariff, '2026-11-23 20:00', '2026-11-23 22:30'), 500 + 1000, 'one day hour, then 1.5 night hours → 2');
  const overnight = computeFee(tariff, 'small', at('2026-11-23 22:00'), at('2026-11-24 02:00'));
  assert.equal(overnight.fen, 2000, 'four night hours, the night running through midnight');
  assert.deepEqual(overnight.days, [1000, 1000]);
});

const flat = (rate: PeriodRate, extra: Partial<Tariff> = {}): Tariff => ({
  freeMinutes: 0,
  periods: [{ name: '全天', startMinute: 0, endMinute: 0, rates: { small: rate } }],
  ...extra,
});

test('daily caps: per natural day, or per rolling 24 hours from entry', () => {
  const hourly = { kind: 'unit', unitMinutes: 60, unitFen: 1000 } as const;
  const natural = flat(hourly, { dailyCapFen: 5000, capMode: 'natural-day' });
  // 22:00 → 23:00 the next day: 2 h on day one (¥20), 23 h on day two capped (¥50).
  assert.equal(fee(natural, '2026-11-23 22:00', '2026-11-24 23:00'), 2000 + 5000);
  const rolling = flat(hourly, { dailyCapFen: 5000, capMode: 'rolling-24h' });
  // First 24 h capped (¥50), then one more hour (¥10).
  assert.equal(fee(rolling, '2026-11-23 22:00', '2026-11-24 23:00'), 5000 + 1000);
  // Multi-day: three full days and a bit.
  assert.equal(fee(rolling, '2026-11-20 09:00', '2026-11-23 09:30'), 3 * 5000 + 1000);
});

test('first block, per-entry night price, vehicle classes and deducted free minutes', () => {
  const tariff: Tariff = {
    freeMinutes: 15,
    periods: [
      {
        name: '白天',
        startMinute: 8 * 60,
        endMinute: 20 * 60,
        rates: {
          small: { kind: 'unit', firstMinutes: 60, firstFen: 800, unitMinutes: 30, unitFen: 300 },
          large: { kind: 'unit', unitMinutes: 60, unitFen: 1200 },
        },
      },
      { name: '夜间', startMinute: 20 * 60, endMinute: 8 * 60, rates: { small: { kind: 'per-entry', fen: 1000 } } },
    ],
  };
  assert.equal(fee(tariff, '2026-11-23 09:00', '2026-11-23 09:50'), 800, 'inside the first hour');
  assert.equal(fee(tariff, '2026-11-23 09:00', '2026-11-23 10:31'), 800 + 2 * 300, 'first hour then two started half hours');
  assert.equal(fee(tariff, '2026-11-23 19:00', '2026-11-24 07:00'), 800 + 1000, 'one day hour, one night entry');
  assert.equal(fee(tariff, '2026-11-23 09:00', '2026-11-23 10:31', 'large'), 2 * 1200, 'large vehicles pay their own price');
  assert.equal(fee(tariff, '2026-11-23 21:00', '2026-11-23 23:00', 'large'), 1000, 'without a large night price, the small one applies');
  const deducted = { ...tariff, freeMode: 'deduct' as const };
  assert.equal(fee(deducted, '2026-11-23 09:00', '2026-11-23 10:20'), 800 + 300, 'the first 15 minutes are never charged');
});

test('a tariff that does not tile the day is refused', () => {
  assert.throws(() => validateTariff({ freeMinutes: 0, periods: [{ name: 'x', startMinute: 0, endMinute: 600, rates: {} }] }), TariffError);
  assert.throws(() => parseRateDesc('白天 7:00-21:00#小型车|5 元/小时'), /minute 0 of the day is covered by 0 periods/);
  assert.throws(() => parseRateDesc('白天 7:00-25:00#小型车|5 元/小时'), /no such time/);
  assert.throws(() => parseRateDesc('全天 0:00-24:00#小型车|五元'), /not a price/);
  assert.deepEqual(parseRateDesc('全天 0:00-24:00#小型车|5 元/小时%会员|免费').ignored, ['会员|免费']);
});

const arbitraryRate: fc.Arbitrary<PeriodRate> = fc.oneof(
  fc.record({
    kind: fc.constant('unit' as const),
    unitMinutes: fc.constantFrom(15, 30, 60),
    unitFen: fc.integer({ min: 0, max: 2000 }),
  }),
  fc.record({
    kind: fc.constant('unit' as const),
    unitMinutes: fc.constantFrom(15, 30, 60),
    unitFen: fc.integer({ min: 0, max: 2000 }),
    firstMinutes: fc.constantFrom(30, 60, 120),
    firstFen: fc.integer({ min: 0, max: 3000 }),
  }),
  fc.record({ kind: fc.constant('per-entry' as const), fen: fc.integer({ min: 0, max: 3000 }) }),
);

/** 1 to 4 periods whose boundaries tile the day, the last wrapping round to the first. */
const arbitraryTariff: fc.Arbitrary<Tariff> = fc
  .record({
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 1, maxLength: 4 }),
    rates: fc.array(arbitraryRate, { minLength: 4, maxLength: 4 }),
    caps: fc.array(fc.option(fc.integer({ min: 0, max: 5000 })), { minLength: 4, maxLength: 4 }),
    freeMinutes: fc.integer({ min: 0, max: 60 }),
    freeMode: fc.constantFrom('waive' as const, 'deduct' as const),
    dailyCapFen: fc.option(fc.integer({ min: 0, max: 20000 })),
    capMode: fc.constantFrom('natural-day' as const, 'rolling-24h' as const),
  })
  .map(({ cuts, rates, caps, ...rest }) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const periods = sorted.map((startMinute, i) => ({
      name: `p${i}`,
      startMinute,
      endMinute: sorted[(i + 1) % sorted.length]!,
      rates: { small: rates[i]! },
      capFen: caps[i] ?? null,
    }));
    return { ...rest, periods };
  });

const stay = fc.record({
  enteredAtMs: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }),
  first: fc.integer({ min: 0, max: 7 * 1440 }),
  extra: fc.integer({ min: 0, max: 3 * 1440 }),
});

test('properties: the fee never falls as the stay grows, never passes the cap × days, and is free inside the free minutes', () => {
  let cases = 0;
  fc.assert(
    fc.property(arbitraryTariff, stay, (tariff, { enteredAtMs, first, extra }) => {
      cases += 1;
      validateTariff(tariff);
      const shorter = computeFee(tariff, 'small', enteredAtMs, enteredAtMs + first * 60_000);
      const longer = computeFee(tariff, 'small', enteredAtMs, enteredAtMs + (first + extra) * 60_000);
      assert.ok(shorter.fen <= longer.fen, `fee fell from ${shorter.fen} to ${longer.fen}`);
      assert.ok(Number.isSafeInteger(longer.fen) && longer.fen >= 0);
      if (first <= tariff.freeMinutes) assert.equal(shorter.fen, 0);
      if (tariff.dailyCapFen !== null && tariff.dailyCapFen !== undefined) {
        const minutes = first + extra;
        const enteredDay = Math.floor((enteredAtMs / 60_000 + 480) / 1440);
        const exitDay = Math.floor(((enteredAtMs + minutes * 60_000) / 60_000 + 480) / 1440);
        const days = tariff.capMode === 'rolling-24h' ? Math.max(1, Math.ceil(minutes / 1440)) : exitDay - enteredDay + 1;
        assert.ok(longer.fen <= tariff.dailyCapFen * days, `${longer.fen} > ${tariff.dailyCapFen} × ${days}`);
      }
    }),
    { numRuns: 2000, seed: 20261123 },
  );
  assert.equal(cases, 2000);
});

test('the 01:00 next-day reporting deadline, in Beijing time', async () => {
  const { deadlineStatus, reportDeadline } = await import('../../src/core/report-deadline.js');
  assert.equal(reportDeadline(at('2026-11-23 23:50')), at('2026-11-24 01:00'));
  assert.equal(reportDeadline(at('2026-11-24 00:10')), at('2026-11-25 01:00'), 'after midnight belongs to the new day');
  assert.equal(deadlineStatus(null, at('2026-11-24 05:00')), 'ok');
  assert.equal(deadlineStatus(at('2026-11-23 23:50'), at('2026-11-24 00:20')), 'ok');
  assert.equal(deadlineStatus(at('2026-11-23 23:50'), at('2026-11-24 00:31')), 'due-soon');
  assert.equal(deadlineStatus(at('2026-11-23 23:50'), at('2026-11-24 01:00')), 'overdue');
});

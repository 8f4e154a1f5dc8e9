/**
 * The simulated lot's own price list: the first 15 minutes free, then ¥5 per started hour,
 * at most ¥60 per started 24 hours. Independent of src/core so the proxy's sums are checked
 * against a second opinion.
 */
export const SIM_FREE_MINUTES = 15;
export const SIM_HOURLY_FEN = 500;
export const SIM_DAILY_CAP_FEN = 6000;

export function simulatedFeeFen(minutes: number): number {
  if (minutes <= SIM_FREE_MINUTES) return 0;
  const fullDays = Math.floor(minutes / 1440);
  const rest = minutes % 1440;
  return fullDays * SIM_DAILY_CAP_FEN + Math.min(SIM_DAILY_CAP_FEN, Math.ceil(rest / 60) * SIM_HOURLY_FEN);
}

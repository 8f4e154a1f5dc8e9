/** Lets time pass for a car in a local-tariff lot: its stay in the entry register is moved back. */
import type { StateStore } from '../../src/proxy/state/store.js';
import { STAY_TTL_MS, type Stay } from '../../src/proxy/providers/local/register.js';

/** The car (plate or ticket number) entered `minutes` earlier than the register says. */
export async function backdateStay(store: StateStore, lotId: string, carId: string, minutes: number): Promise<void> {
  const key = `local-stay:${lotId}:${carId}`;
  const stay = await store.get<Stay>(key);
  if (!stay) throw new Error(`no stay for ${carId} in ${lotId}`);
  await store.put(key, { ...stay, enteredAtMs: stay.enteredAtMs - minutes * 60_000 } satisfies Stay, STAY_TTL_MS);
}

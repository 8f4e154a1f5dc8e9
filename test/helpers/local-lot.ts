/** Lets time pass for a car in a local-tariff lot: its stay in the entry register is moved back. */
import { LocalEntryRegister } from '../../src/proxy/providers/local/register.js';
import type { StateStore } from '../../src/proxy/state/store.js';

/** The car (plate or ticket number) entered `minutes` earlier than the register says. */
export async function backdateStay(store: StateStore, lotId: string, carId: string, minutes: number): Promise<void> {
  const register = new LocalEntryRegister(store, lotId);
  const stay = await register.stay(carId);
  if (!stay) throw new Error(`no stay for ${carId} in ${lotId}`);
  await register.put({ ...stay, enteredAtMs: stay.enteredAtMs - minutes * 60_000 });
}

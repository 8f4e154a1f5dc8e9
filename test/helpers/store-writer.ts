/**
 * A child process for the kill test: puts into the embedded store at argv[2] alone and in a
 * burst, and kills itself (SIGKILL) the moment the last put resolves, with no time for anything
 * still in flight to land.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LmdbStateStore } from '../../src/proxy/state/lmdb-store.js';

const store = new LmdbStateStore(process.argv[2]!);
await store.put('alone:first', 1, 60_000);
await sleep(5);
await store.put('alone:second', 2, 60_000);
await Promise.all(Array.from({ length: 50 }, (_, i) => store.put(`burst:${i}`, i, 60_000)));
process.kill(process.pid, 'SIGKILL');

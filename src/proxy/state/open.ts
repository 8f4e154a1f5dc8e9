/** Opens the store and event bus the config asks for. */
import { Redis } from 'ioredis';
import { LocalEventBus, RedisEventBus, type EventBus } from './event-bus.js';
import { LmdbStateStore } from './lmdb-store.js';
import { RedisStateStore } from './redis-store.js';
import { MemoryStateStore, StateStoreError, type StateStore } from './store.js';

export type StateSettings = { store: 'memory' } | { store: 'embedded'; path: string } | { store: 'redis'; url: string };

export interface SharedState {
  store: StateStore;
  bus: EventBus;
  close(): Promise<void>;
}

/** `onConnectionError` hears Redis connection trouble (ioredis reconnects by itself meanwhile). */
export async function openState(settings: StateSettings, onConnectionError: (error: Error) => void = () => {}): Promise<SharedState> {
  if (settings.store === 'redis') {
    const redis = new Redis(settings.url, { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: true });
    redis.on('error', onConnectionError);
    try {
      await redis.connect();
    } catch (cause) {
      redis.disconnect();
      throw new StateStoreError(`cannot reach Redis at ${settings.url.replace(/\/\/[^@]*@/, '//***@')}: ${(cause as Error).message}`, { cause });
    }
    const store = new RedisStateStore(redis);
    const bus = await RedisEventBus.connect(redis, onConnectionError);
    return { store, bus, close: async () => (await bus.close(), await store.close()) };
  }
  const store = settings.store === 'embedded' ? new LmdbStateStore(settings.path) : new MemoryStateStore();
  const bus = new LocalEventBus();
  return { store, bus, close: async () => (await bus.close(), await store.close()) };
}

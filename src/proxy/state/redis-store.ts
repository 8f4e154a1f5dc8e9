/**
 * The scale-out store: Redis through ioredis. `claim` is SET NX PX, lists are capped with LTRIM,
 * counters are INCR (and numberFor a Lua script), so every instance sees one truth.
 */
import { type Redis } from 'ioredis';
import type { StateStore, StoreWrite } from './store.js';

/** numberFor in one step: Redis runs a script without interleaving any other command. */
const NUMBER_FOR = `
local held = redis.call('GET', KEYS[1])
if held then return tonumber(held) end
local next = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], next, 'PX', ARGV[1])
return next`;

/** Redis expiries are whole milliseconds, and at least one. */
function px(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}

export class RedisStateStore implements StateStore {
  readonly kind = 'redis';

  constructor(
    readonly redis: Redis,
    private readonly prefix = 'lk:',
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const text = await this.redis.get(this.prefix + key);
    return text === null ? undefined : (JSON.parse(text) as T);
  }

  async put(key: string, value: unknown, ttlMs: number): Promise<void> {
    if (ttlMs === Infinity) await this.redis.set(this.prefix + key, JSON.stringify(value));
    else await this.redis.set(this.prefix + key, JSON.stringify(value), 'PX', px(ttlMs));
  }

  async claim(key: string, value: unknown, ttlMs: number, alongWith: readonly StoreWrite[] = []): Promise<boolean> {
    if (alongWith.length === 0) return (await this.redis.set(this.prefix + key, JSON.stringify(value), 'PX', px(ttlMs), 'NX')) === 'OK';
    const transaction = this.redis.multi();
    for (const write of alongWith) transaction.set(this.prefix + write.key, JSON.stringify(write.value), 'PX', px(write.ttlMs));
    const replies = await transaction.set(this.prefix + key, JSON.stringify(value), 'PX', px(ttlMs), 'NX').exec();
    const [error, reply] = replies!.at(-1)!;
    if (error) throw error;
    return reply === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async append(key: string, value: unknown, max: number, ttlMs: number): Promise<void> {
    const k = this.prefix + key;
    await this.redis.multi().rpush(k, JSON.stringify(value)).ltrim(k, -max, -1).pexpire(k, px(ttlMs)).exec();
  }

  async list<T>(key: string): Promise<T[]> {
    return (await this.redis.lrange(this.prefix + key, 0, -1)).map((text) => JSON.parse(text) as T);
  }

  async nextId(counter: string): Promise<number> {
    return this.redis.incr(`${this.prefix}#${counter}`);
  }

  async counterValue(counter: string): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}#${counter}`)) ?? 0);
  }

  async numberFor(key: string, counter: string, ttlMs: number): Promise<number> {
    return Number(await this.redis.eval(NUMBER_FOR, 2, this.prefix + key, `${this.prefix}#${counter}`, px(ttlMs)));
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

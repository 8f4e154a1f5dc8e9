/**
 * Carries lane events to whichever instance holds the lane's SSE connection. On one machine that
 * is this process; in scale-out mode a callback received by instance A reaches a kiosk connected
 * to instance B through Redis pub/sub.
 */
import type { Redis } from 'ioredis';

export type BusHandler = (message: unknown) => void;

export interface EventBus {
  publish(message: unknown): Promise<void>;
  subscribe(handler: BusHandler): void;
  close(): Promise<void>;
}

export class LocalEventBus implements EventBus {
  private readonly handlers: BusHandler[] = [];

  async publish(message: unknown): Promise<void> {
    for (const handler of this.handlers) handler(structuredClone(message));
  }

  subscribe(handler: BusHandler): void {
    this.handlers.push(handler);
  }

  async close(): Promise<void> {
    this.handlers.length = 0;
  }
}

export class RedisEventBus implements EventBus {
  private readonly handlers: BusHandler[] = [];

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const message: unknown = JSON.parse(text);
      for (const handler of this.handlers) handler(message);
    });
  }

  /** Subscribes before resolving, so nothing published after startup is missed. */
  static async connect(publisher: Redis, onConnectionError: (error: Error) => void, channel = 'lk:lane-events'): Promise<RedisEventBus> {
    // A connection in subscriber mode can do nothing else, hence a second one.
    const subscriber = publisher.duplicate();
    subscriber.on('error', onConnectionError);
    await subscriber.subscribe(channel);
    return new RedisEventBus(publisher, subscriber, channel);
  }

  async publish(message: unknown): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(message));
  }

  subscribe(handler: BusHandler): void {
    this.handlers.push(handler);
  }

  async close(): Promise<void> {
    this.handlers.length = 0;
    await this.subscriber.quit();
  }
}

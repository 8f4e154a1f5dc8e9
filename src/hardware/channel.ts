/**
 * The one small interface every device connection fits: Web Serial, web-serial-polyfill over
 * WebUSB, and the virtual devices. Drivers see only this.
 *
 * Events: `connect` (the device is present again) and `disconnect` (it went away; open streams error).
 */

export interface ByteChannel extends EventTarget {
  /** Human-readable, for staff screens ("USB 0x0483:0x5740"). */
  readonly label: string;
  /** Whether the device is present (plugged in), open or not. */
  readonly present: boolean;
  readonly isOpen: boolean;
  /** Valid between open() and close(); replaced on every open. */
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  open(): Promise<void>;
  close(): Promise<void>;
}

export class ChannelError extends Error {
  override name = 'ChannelError';
  constructor(
    readonly reason: 'not-present' | 'open-failed' | 'closed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Resolves on the channel's next `connect`, or false after `timeoutMs`. */
export function waitForConnect(channel: ByteChannel, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  if (channel.present) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      channel.removeEventListener('connect', onConnect);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onConnect = () => done(true);
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    channel.addEventListener('connect', onConnect);
    signal?.addEventListener('abort', onAbort);
  });
}

/**
 * Writes to a byte channel with a bound on every write: jobs go in chunks, yielding between them
 * so a 5 KB raster never blocks the UI, and a line that stops accepting bytes fails the write
 * instead of leaving it pending for good.
 */

export class WriteStalledError extends Error {
  override name = 'WriteStalledError';
  constructor(
    readonly written: number,
    readonly total: number,
    timeoutMs: number,
  ) {
    super(`the device accepted no data for ${timeoutMs} ms (${written} of ${total} bytes written)`);
  }
}

/** Resolves as `promise` does, or rejects with `onTimeout()` after `timeoutMs`. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** One write of a few bytes (a command), failing with WriteStalledError if the line does not take it. */
export function writeBounded(writer: WritableStreamDefaultWriter<Uint8Array>, bytes: Uint8Array, stallTimeoutMs: number): Promise<void> {
  return within(
    writer.ready.then(() => writer.write(bytes)),
    stallTimeoutMs,
    () => new WriteStalledError(0, bytes.length, stallTimeoutMs),
  );
}

/** Writes a job chunk by chunk; each chunk has `stallTimeoutMs` to be taken. */
export async function writeInChunks(
  writer: WritableStreamDefaultWriter<Uint8Array>,
  bytes: Uint8Array,
  { chunkBytes, stallTimeoutMs }: { chunkBytes: number; stallTimeoutMs: number },
): Promise<void> {
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    const chunk = bytes.subarray(at, at + chunkBytes);
    await within(
      writer.ready.then(() => writer.write(chunk)),
      stallTimeoutMs,
      () => new WriteStalledError(at, bytes.length, stallTimeoutMs),
    );
  }
}

/**
 * Writes a job to a byte channel in chunks, yielding between them so a 5 KB raster never blocks
 * the UI, and detecting a line that stops accepting bytes.
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

export async function writeInChunks(
  writer: WritableStreamDefaultWriter<Uint8Array>,
  bytes: Uint8Array,
  { chunkBytes, stallTimeoutMs }: { chunkBytes: number; stallTimeoutMs: number },
): Promise<void> {
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    const chunk = bytes.subarray(at, at + chunkBytes);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WriteStalledError(at, bytes.length, stallTimeoutMs)), stallTimeoutMs);
    });
    try {
      await Promise.race([writer.ready.then(() => writer.write(chunk)), stalled]);
    } finally {
      clearTimeout(timer);
    }
  }
}

import { setImmediate as nextTurn } from 'node:timers/promises';

/** A body was longer than the recorder may hold. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`body over ${limit} bytes`);
  }
}

/** Bytes copied into the whole body per turn of the event loop. */
const COPY_SLICE = 8 * 1024 * 1024;

/**
 * Reads a body (a Node stream or a web stream) to the end, holding at most `maxBytes`: past that
 * it stops reading, which destroys or cancels the stream (for the webui's answer this closes the
 * connection, so an endless sender stops being read), and throws `BodyTooLargeError`. The chunks
 * are joined a few megabytes per turn of the event loop: one copy of tens of megabytes would hold it.
 */
export async function readCapped(
  stream: AsyncIterable<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream ?? []) {
    length += chunk.byteLength;
    if (length > maxBytes) throw new BodyTooLargeError(maxBytes);
    parts.push(chunk);
  }
  const whole = new Uint8Array(new ArrayBuffer(length));
  let at = 0;
  let copiedSincePause = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.byteLength;
    copiedSincePause += part.byteLength;
    if (copiedSincePause >= COPY_SLICE) {
      copiedSincePause = 0;
      await nextTurn();
    }
  }
  return whole;
}

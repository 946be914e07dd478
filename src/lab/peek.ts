// Reading the first bytes of a connection without taking them: the sidecar inspects them, then whoever
// handles the connection (TLS, the HTTP parser, the app) reads them again. Node's TLSSocket and HTTP
// server both pick up bytes put back with `unshift`.
import type { Duplex } from 'node:stream';

/** Bytes are inspected for at most this long; a silent client is then handled as if it sent nothing. */
const PEEK_TIMEOUT_MS = 5_000;
const PEEK_LIMIT = 16 * 1024 + 5;

/**
 * Resolves with the bytes read once `enough(bytes)` holds (or the limit is reached), after putting them
 * back; with undefined when the stream ends or fails first. `consume` keeps the first `consume(bytes)`
 * bytes instead of putting them back. The stream is left paused: the next reader resumes it once its
 * listeners are attached (a TLSSocket built on it reads the buffered bytes itself), so nothing is
 * emitted to nobody in between.
 */
export function peek(stream: Duplex, enough: (bytes: Buffer) => boolean, consume?: (bytes: Buffer) => number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    let bytes = Buffer.alloc(0);
    const finish = (result: Buffer | undefined) => {
      clearTimeout(timer);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('close', onEnd);
      stream.removeListener('error', onEnd);
      if (result) {
        stream.pause();
        const kept = consume ? consume(result) : 0;
        if (kept < result.length) stream.unshift(result.subarray(kept));
      }
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      bytes = Buffer.concat([bytes, chunk]);
      if (enough(bytes) || bytes.length >= PEEK_LIMIT) finish(bytes);
    };
    const onEnd = () => finish(undefined);
    const timer = setTimeout(() => finish(bytes.length > 0 ? bytes : undefined), PEEK_TIMEOUT_MS);
    timer.unref();
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.once('error', onEnd);
    stream.resume();
  });
}

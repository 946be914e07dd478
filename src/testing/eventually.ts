/** Polls `check` until it holds or `timeoutMs` passes; then fails with `what` and the last value seen. */
export async function eventually<T>(check: () => T | Promise<T>, holds: (value: T) => boolean, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let value = await check();
  while (!holds(value)) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = await check();
  }
  return value;
}

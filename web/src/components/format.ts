// Numbers as the console prints them (the CLI prints the same through core's formatRate/formatWindow).

/** 0.6 req/s, 12 req/s: two significant digits are plenty for a rate over a window. */
export function formatRate(rate: number): string {
  return `${Number(rate.toPrecision(2))} req/s`;
}

/** 30s, 10m, 1h, 7d. */
export function formatWindow(seconds: number): string {
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60]] as const) if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

/** A time in seconds since the epoch, in the browser's locale. */
export function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

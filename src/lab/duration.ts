// Durations as people type them for the lab's options: 90s, 30m, 24h, 1h30m, 500ms.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds, or undefined when `text` is not a sequence of NUMBER+UNIT parts. */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return undefined;
  return parts.reduce((total, [, value, unit]) => total + Number(value) * (UNIT_MS[unit ?? ''] ?? NaN), 0);
}

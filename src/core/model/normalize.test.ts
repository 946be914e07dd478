import { describe, expect, it } from 'vitest';
import { normalizeObject } from './normalize.js';

/** What a Date makes of the text: the ISO form when it is a time, else the text as written. */
function asDateReadsIt(value: string): string {
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toISOString();
}

function creationTimestampOf(value: string): string | undefined {
  const result = normalizeObject({ kind: 'ConfigMap', metadata: { name: 'a', creationTimestamp: value } }, undefined);
  return result.type === 'object' ? result.object.creationTimestamp : undefined;
}

describe('creationTimestamp', () => {
  it('reads the API server form as a Date does, also with fields out of range (oldest-wins order depends on it)', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    const differ: string[] = [];
    for (const year of [0, 1900, 2000, 2023, 2024, 2100, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          for (const [h, m, s] of [[0, 0, 0], [23, 59, 59], [24, 0, 0], [12, 60, 0], [12, 0, 60]] as const) {
            const value = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(h)}:${pad(m)}:${pad(s)}Z`;
            if (creationTimestampOf(value) !== asDateReadsIt(value)) differ.push(value);
          }
        }
      }
    }
    expect(differ).toEqual([]);
    expect(creationTimestampOf('2024-02-29T10:00:00Z')).toBe('2024-02-29T10:00:00.000Z');
  });

  it('keeps other time forms as a Date reads them, and text that is no time as written', () => {
    const nearlyTheApiForm = ['2024-0a-01T10:20:30Z', '2024-05-01t10:20:30Z', '2024-05-01T10:20:3Z', '2024-05-01T10:20:300', '2024-05-01 10:20:30Z', '2024/05/01T10:20:30Z', '-2024-05-01T10:20:3Z'];
    for (const value of ['2024-05-01T10:20:30.5Z', '2024-05-01T10:20:30+02:00', '2024-05-01', 'yesterday', ...nearlyTheApiForm]) {
      expect(creationTimestampOf(value)).toBe(asDateReadsIt(value));
    }
  });
});

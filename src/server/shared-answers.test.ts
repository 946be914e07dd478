// The graph under load (row 35 of the reliability review): many clients asking one question at once are
// answered by one computation, so cheap routes do not queue behind copies of it.
import { describe, expect, it } from 'vitest';
import { SharedAnswers } from './shared-answers.js';

describe('SharedAnswers', () => {
  it('asks once for concurrent and fresh requests of one question, again when stale or for another owner', async () => {
    let now = 0;
    const answers = new SharedAnswers<number>(1_000, () => now);
    const owner = {};
    let asked = 0;
    const ask = async () => ++asked;
    expect(await Promise.all(Array.from({ length: 50 }, () => answers.get(owner, 'q', ask)))).toEqual(Array(50).fill(1));
    now = 999;
    expect(await answers.get(owner, 'q', ask)).toBe(1);
    now = 1_000;
    expect(await answers.get(owner, 'q', ask)).toBe(2);
    expect(await answers.get({}, 'q', ask)).toBe(3);
    expect(await answers.get(owner, 'other', ask)).toBe(4);
  });

  it('does not keep a failure', async () => {
    const answers = new SharedAnswers<number>(1_000, () => 0);
    const owner = {};
    await expect(answers.get(owner, 'q', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await Promise.resolve();
    expect(await answers.get(owner, 'q', async () => 7)).toBe(7);
  });
});

// Answers many requests share. A busy graph page means many clients asking the same question at once; the
// first asks, the rest (and anyone within `freshMs`) get that answer, so the event loop builds one graph a
// second whatever the number of clients, and cheap routes such as /api/status do not queue behind copies of it.

export class SharedAnswers<T> {
  private readonly freshMs: number;
  private readonly now: () => number;
  /** Per owner (a revision's engine), per question: the answer's promise and when it was asked. */
  private readonly answers = new WeakMap<object, Map<string, { at: number; answer: Promise<T> }>>();

  constructor(freshMs: number, now: () => number = () => performance.now()) {
    this.freshMs = freshMs;
    this.now = now;
  }

  /** The answer to `question` about `owner`: a fresh or pending one, or a new one from `ask`. */
  get(owner: object, question: string, ask: () => Promise<T>): Promise<T> {
    let byQuestion = this.answers.get(owner);
    if (!byQuestion) this.answers.set(owner, (byQuestion = new Map()));
    const now = this.now();
    const kept = byQuestion.get(question);
    if (kept && now - kept.at < this.freshMs) return kept.answer;
    // Stale answers of other questions go too, so a client cycling through questions cannot grow the map.
    for (const [other, entry] of byQuestion) if (now - entry.at >= this.freshMs) byQuestion.delete(other);
    const answer = ask();
    byQuestion.set(question, { at: now, answer });
    // A failure is not kept: the next request asks again.
    answer.catch(() => byQuestion.delete(question));
    return answer;
  }
}

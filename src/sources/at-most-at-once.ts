// Many reads of one kind (files, lists of namespaces), a bounded number in flight: one after another leaves
// the process waiting on each, and thousands at once flood the disk or the API server.

/** `work` of each item, at most `limit` at a time, started in item order; the results in item order. */
export async function atMostAtOnce<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

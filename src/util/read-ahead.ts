/**
 * One item ahead: while the consumer works on item N, item N+1 is already being fetched. For
 * paged reads whose pages are cheap to hold and slow to fetch: the next page's request then
 * overlaps the current page's work instead of following it, and a rate-capped read does not
 * leave its allowance idle at every page boundary.
 */

/**
 * Yields what `source` yields, in order, asking it for the next item as soon as the current one
 * is handed over. At most one `next()` is in flight, so the source sees the same calls, one at a
 * time, as a plain `for await` would make. A fetch that fails while the consumer is busy is
 * thrown when the consumer asks for it.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const fetch = (): Promise<IteratorResult<T>> => {
    const p = it.next();
    // Handled when awaited; this only keeps Node from calling it unhandled in the meantime.
    p.catch(() => undefined);
    return p;
  };
  let pending = fetch();
  let finished = false;
  try {
    for (;;) {
      const r = await pending;
      if (r.done) {
        finished = true;
        return;
      }
      pending = fetch();
      yield r.value;
    }
  } finally {
    // The consumer stopped early (or a fetch failed): let the source clean up once its fetch in
    // flight settles. Not awaited — that fetch may wait on requests the caller is about to abort.
    if (!finished) it.return?.().catch(() => undefined);
  }
}

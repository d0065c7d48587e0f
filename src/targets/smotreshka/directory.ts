/**
 * Finding accounts by username. Every call needs the platform's accountId; the snapshot
 * normally has it, but when it does not (snapshot lost, account made elsewhere) the only way
 * is to page `GET /v2/accounts` (lookup by username needs a per-operator switch at Lifestream).
 * The username → id index is built once per target instance, on first need, and kept current
 * by this instance's own creates and deletes.
 */
import type { SmotreshkaClient } from './client.js';
import { accountsOfPage, type AccountJson } from './observe.js';

/** Accounts per list request: large pages, few round trips, answers still small (~1 MB). */
export const PAGE_SIZE = 500;

/** Upper bound on pages, so a server that ignores page_num cannot loop us forever. */
const MAX_PAGES = 100_000;

export class AccountDirectory {
  private index: Promise<Map<string, string>> | undefined;

  constructor(private readonly client: SmotreshkaClient) {}

  /** Pages every account the operator panel lists (0-based `page_num`), as the API returns them. */
  async *pages(pageSize = PAGE_SIZE): AsyncIterable<readonly AccountJson[]> {
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.client.call('GET', `/v2/accounts?page_size=${pageSize}&page_num=${page}`);
      const accounts = accountsOfPage(answer);
      if (accounts.length > 0) yield accounts;
      const pages = pagesOf(answer);
      const last = pages !== undefined ? page + 1 >= pages : accounts.length < pageSize;
      if (last || accounts.length === 0) return;
    }
  }

  /** The accountId of a (wire) username, or null when the platform lists no such account. */
  async idOf(username: string): Promise<string | null> {
    const index = await this.load();
    return index.get(username) ?? null;
  }

  /** Records an id this instance learned (create, adoption). */
  remember(username: string, id: string): void {
    this.index?.then((m) => m.set(username, id)).catch(() => undefined);
  }

  /** Forgets an account this instance archived. */
  forget(username: string): void {
    this.index?.then((m) => m.delete(username)).catch(() => undefined);
  }

  private load(): Promise<Map<string, string>> {
    if (!this.index) {
      const building = (async () => {
        const m = new Map<string, string>();
        for await (const page of this.pages()) for (const a of page) m.set(a.username, a.id);
        return m;
      })();
      this.index = building;
      // A failed build (network) is retried on the next need rather than cached.
      building.catch(() => {
        if (this.index === building) this.index = undefined;
      });
    }
    return this.index;
  }
}

/** `pagination.pages` of a list answer, when it has one. */
function pagesOf(answer: unknown): number | undefined {
  const p = typeof answer === 'object' && answer !== null ? (answer as { pagination?: unknown }).pagination : undefined;
  const pages = typeof p === 'object' && p !== null ? (p as { pages?: unknown }).pages : undefined;
  return typeof pages === 'number' && Number.isFinite(pages) ? pages : undefined;
}

/**
 * Finding accounts by username. Every call needs the platform's accountId; the snapshot
 * normally has it, but when it does not (snapshot lost, account made elsewhere) the only way
 * is to page `GET /v2/accounts` (lookup by username needs a per-operator switch at Lifestream).
 * The username → id index is built once per target instance, on first need, and kept current
 * by this instance's own creates and deletes.
 */
import type { SmotreshkaClient } from './client.js';
import type { AccountJson } from './observe.js';
import { accountPages } from './paging.js';

/**
 * Accounts per list request by default (`page_size`): the size the SPEC's example answer shows.
 * Nothing documents a maximum; the paging follows whatever size the server says it served.
 */
export const PAGE_SIZE = 100;

export class AccountDirectory {
  private index: Promise<Map<string, string>> | undefined;

  constructor(
    private readonly client: SmotreshkaClient,
    private readonly pageSize: number = PAGE_SIZE,
    private readonly target: string = 'smotreshka',
  ) {}

  /** Pages every account the operator panel lists, as the API returns them (see paging.ts). */
  pages(): AsyncIterable<readonly AccountJson[]> {
    return accountPages((size, num) => this.client.call('GET', `/v2/accounts?page_size=${size}&page_num=${num}`), this.pageSize, this.target);
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

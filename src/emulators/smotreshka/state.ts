/**
 * The emulated Smotreshka account base as one operator sees it: its own accounts (active or
 * archived), the subscription catalogue, and the usernames other providers hold in the global
 * username namespace. Tests may seed and inspect it directly.
 */

/** A subscription (channel package). `archived` ones answer 4006 when added or removed. */
export interface SmotreshkaSubscription {
  readonly id: string;
  readonly name: string;
  /** Base (one per account) rather than additional. Not exposed by the API, like the real one. */
  readonly base?: boolean;
  archived?: boolean;
}

/** The last state accepted by `POST /accounts/v3/{id}/account-state`. */
export interface SmotreshkaAccountState {
  readonly status: string;
  readonly tvSuspended: boolean;
  readonly balance: number;
  readonly stateTimestamp: number;
  readonly recommendedRefill?: number;
  /** Sent with `?delayed=true` (a bulk resync, not an urgent change). */
  readonly delayed?: boolean;
}

export interface SmotreshkaAccount {
  /** 24-hex platform id. */
  readonly id: string;
  readonly username: string;
  email: string;
  region: string | null;
  info: Record<string, unknown>;
  readonly subscriptions: Set<string>;
  /** DELETE moved it to the archive: every request about it answers 403. */
  archived: boolean;
  is_blocked: boolean;
  readonly created: string;
  updated: string;
  /** What v3 account-state last accepted; `stateTimestamp` orders later requests. */
  accountState?: SmotreshkaAccountState;
}

export const DEFAULT_SUBSCRIPTIONS: readonly SmotreshkaSubscription[] = [
  { id: '100', name: 'Базовый', base: true },
  { id: '102', name: 'Оптимальный', base: true },
  { id: '106', name: 'Максимальный', base: true },
  { id: '5010', name: 'Кино', base: false },
  { id: '5020', name: 'Детский', base: false },
];

/** The platform's timestamp format, e.g. `2018-02-13 18:12:21.528000+00:00`. */
export function platformTime(d: Date = new Date()): string {
  return `${d.toISOString().replace('T', ' ').replace('Z', '')}000+00:00`;
}

export class SmotreshkaState {
  readonly subscriptions = new Map<string, SmotreshkaSubscription>();
  /** Own accounts by platform id, in creation order (the list endpoint pages in this order). */
  readonly accounts = new Map<string, SmotreshkaAccount>();
  /** Usernames held by other providers' subscribers. */
  readonly otherProviderUsernames: Set<string>;
  private readonly byUsername = new Map<string, string>();
  private nextId = 1;

  constructor(subscriptions: readonly SmotreshkaSubscription[] = DEFAULT_SUBSCRIPTIONS, otherProviderUsernames: readonly string[] = []) {
    for (const s of subscriptions) this.subscriptions.set(s.id, { ...s });
    this.otherProviderUsernames = new Set(otherProviderUsernames);
  }

  /** An own account (active or archived) by username. */
  accountByUsername(username: string): SmotreshkaAccount | undefined {
    const id = this.byUsername.get(username);
    return id === undefined ? undefined : this.accounts.get(id);
  }

  /** Creates an account; the caller has checked the username is free. */
  addAccount(init: {
    username: string;
    email: string;
    region?: string | null;
    info?: Record<string, unknown>;
    subscriptions?: readonly string[];
    is_blocked?: boolean;
  }): SmotreshkaAccount {
    const now = platformTime();
    const a: SmotreshkaAccount = {
      id: `5964c533${(this.nextId++).toString(16).padStart(16, '0')}`,
      username: init.username,
      email: init.email,
      region: init.region ?? null,
      info: { ...(init.info ?? {}) },
      subscriptions: new Set(init.subscriptions ?? []),
      archived: false,
      is_blocked: init.is_blocked ?? false,
      created: now,
      updated: now,
    };
    this.accounts.set(a.id, a);
    this.byUsername.set(a.username, a.id);
    return a;
  }

  /** Accounts the operator panel lists: own and not archived, in creation order. */
  listed(): SmotreshkaAccount[] {
    return [...this.accounts.values()].filter((a) => !a.archived);
  }

  touch(a: SmotreshkaAccount): void {
    a.updated = platformTime();
  }
}

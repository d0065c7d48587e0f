/**
 * The world a chaos trial runs in: the demo's emulators for one shipped pair (Hydra → Smarty or
 * UserSide → SmartYard), a fault proxy in front of the source and one in front of the target,
 * sync.yaml.example cut down to the pair and tuned for tests (high rate caps, short backoff and
 * timeouts, small pages), and throw-away stores (a SQLite file or a PostgreSQL schema per
 * trial). `freshTarget()` swaps in an empty target emulator behind the same proxy, so every
 * trial starts from the same empty platform and the same billing data. With `lists`, Hydra
 * customers also have payments inside the window and set-top boxes (support/lists.ts), and the
 * mapping sends them to Smarty as transactions and devices.
 */
import { randomBytes } from 'node:crypto';
import { writeFile, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { startEmulatedWorld, type EmulatedWorld } from '../../../src/demo/emulated-world.js';
import { SMARTY_TARIFFS } from '../../../src/demo/catalogues.js';
import { createSmartyEmulator, type SmartyEmulator } from '../../../src/emulators/smarty/index.js';
import { isWriteMethod } from '../../../src/emulators/smarty/methods.js';
import { createSmartyardEmulator, type SmartyardEmulator } from '../../../src/emulators/smartyard/index.js';
import { BILL_PREFIX, routeTable } from '../../../src/emulators/smartyard/routes.js';
import { ChaosProxy, viaProxy } from '../../support/chaos-proxy.js';
import { dropSchema, PG_URL, uniqueSchema, withSchema } from '../../integration/store/dialects.js';
import { smartyardCanon, smartyCanon, type Canon } from './canon.js';
import { cli } from './cli.js';
import { addListsMapping, LIST_WINDOW_DAYS, seedHydraLists } from './lists.js';

export type PairName = 'hydra-smarty' | 'userside-smartyard';
export type StoreKind = 'sqlite' | 'postgres';

export interface ChaosWorldOptions {
  readonly pair: PairName;
  /** Billing subscribers of the pair's source. */
  readonly subscribers: number;
  readonly seed: number;
  /** Source page size (Hydra `per_page`), so a read takes several pages. */
  readonly perPage?: number;
  /** Adds a `daemon:` section (for `billsync run`), listening on a free port. */
  readonly daemon?: boolean;
  /**
   * Hydra → Smarty only: customers get payments in the window and STB MACs, the Hydra source
   * reads them (`payments_days`, `devices`), the mapping has `transactions:` and `devices:`.
   */
  readonly lists?: boolean;
}

/** A store of one trial. */
export interface TrialStore {
  readonly kind: StoreKind;
  readonly url: string;
  drop(): Promise<void>;
}

export const DAEMON_TOKEN = 'chaos-token-0123456789abcdef';

const SMARTYARD_ROUTES = routeTable('x');

function smartyardWrite(_method: string, path: string): boolean {
  if (!path.startsWith(BILL_PREFIX)) return false;
  return SMARTYARD_ROUTES.get(path.slice(BILL_PREFIX.length).replace(/\/$/, ''))?.write === true;
}

function smartyWrite(_method: string, path: string): boolean {
  const m = /\/billing\/api\/(.+?)\/?$/.exec(path);
  return m !== null && isWriteMethod(m[1]!);
}

export class ChaosWorld {
  private target: SmartyEmulator | SmartyardEmulator;
  private targetOrigin: string;
  private stores = 0;

  private constructor(
    readonly opts: ChaosWorldOptions,
    readonly world: EmulatedWorld,
    readonly config: string,
    readonly targetProxy: ChaosProxy,
    readonly sourceProxy: ChaosProxy,
    private readonly baseEnv: NodeJS.ProcessEnv,
  ) {
    this.target = opts.pair === 'hydra-smarty' ? world.smarty : world.smartyard;
    this.targetOrigin = new URL(opts.pair === 'hydra-smarty' ? world.env.SMARTY_URL! : world.env.SMARTYARD_URL!).origin;
  }

  static async start(opts: ChaosWorldOptions): Promise<ChaosWorld> {
    const smarty = opts.pair === 'hydra-smarty';
    const world = await startEmulatedWorld({
      subscribers: smarty ? opts.subscribers : 3,
      customers: smarty ? 3 : opts.subscribers,
      vgroups: 3,
      seed: opts.seed,
      pairs: [opts.pair],
    });
    const targetUrl = smarty ? world.env.SMARTY_URL! : world.env.SMARTYARD_URL!;
    const sourceUrl = smarty ? world.env.HYDRA_URL! : world.env.USERSIDE_URL!;
    const targetProxy = new ChaosProxy(new URL(targetUrl).origin, smarty ? smartyWrite : smartyardWrite);
    const sourceProxy = new ChaosProxy(new URL(sourceUrl).origin, () => false);
    const [tp, sp] = await Promise.all([targetProxy.start(), sourceProxy.start()]);
    const env: NodeJS.ProcessEnv = {
      ...world.env,
      [smarty ? 'SMARTY_URL' : 'SMARTYARD_URL']: viaProxy(targetUrl, tp),
      [smarty ? 'HYDRA_URL' : 'USERSIDE_URL']: viaProxy(sourceUrl, sp),
      BILLSYNC_TOKEN: DAEMON_TOKEN,
      BILLSYNC_LOG_LEVEL: 'warn',
      // store.secret_key: PostgreSQL stores need one; a SQLite store would make its own.
      BILLSYNC_STORE_KEY: randomBytes(32).toString('hex'),
    };
    if (opts.lists) {
      if (!smarty) throw new Error('chaos world: lists (payments and devices) are Hydra → Smarty only');
      seedHydraLists(world.hydra.state, opts.seed);
      await addListsMapping(world.config);
    }
    await tune(world.config, opts);
    return new ChaosWorld(opts, world, world.config, targetProxy, sourceProxy, env);
  }

  get targetName(): 'smarty' | 'smartyard' {
    return this.opts.pair === 'hydra-smarty' ? 'smarty' : 'smartyard';
  }

  get dir(): string {
    return dirname(this.config);
  }

  get emulator(): SmartyEmulator | SmartyardEmulator {
    return this.target;
  }

  /** The environment for billsync with `store` as its store. */
  env(store: TrialStore): NodeJS.ProcessEnv {
    return { ...this.baseEnv, BILLSYNC_STORE_URL: store.url };
  }

  /** A new, empty store: a SQLite file in the world's directory, or a PostgreSQL schema of its own. */
  async freshStore(kind: StoreKind): Promise<TrialStore> {
    if (kind === 'sqlite') {
      const url = `sqlite:${join(this.world.dir, `store-${++this.stores}`, 'state.db')}`;
      return { kind, url, drop: async () => undefined };
    }
    const schema = uniqueSchema();
    return { kind, url: withSchema(PG_URL, schema), drop: () => dropSchema(schema) };
  }

  /** Replaces the target with an empty emulator behind the same proxy (the old one is stopped). */
  async freshTarget(): Promise<void> {
    const old = this.target;
    const next = this.emptyEmulator();
    this.targetOrigin = new URL(await next.start(0)).origin;
    this.targetProxy.retarget(this.targetOrigin);
    this.target = next;
    this.targetProxy.dropConnections();
    if (old !== this.world.smarty && old !== this.world.smartyard) await old.stop();
  }

  /**
   * The reference a trial is judged by: what a clean apply of the source's current data leaves
   * on an empty platform (with a store of its own). The current target and its state are kept.
   */
  async reference(): Promise<Canon> {
    const scratch = this.emptyEmulator();
    this.targetProxy.retarget(new URL(await scratch.start(0)).origin);
    try {
      const r = await cli(['apply', '--yes', '--quiet', '-c', this.config], this.env(await this.freshStore('sqlite')), this.dir);
      if (r.code !== 0) throw new Error(`the reference apply failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
      return this.canonOf(scratch);
    } finally {
      this.targetProxy.retarget(this.targetOrigin);
      this.targetProxy.dropConnections();
      await scratch.stop();
    }
  }

  /** The target's state as its emulator holds it, in canonical form. */
  canon(): Canon {
    return this.canonOf(this.target);
  }

  private canonOf(e: SmartyEmulator | SmartyardEmulator): Canon {
    return this.opts.pair === 'hydra-smarty' ? smartyCanon((e as SmartyEmulator).state) : smartyardCanon((e as SmartyardEmulator).state);
  }

  private emptyEmulator(): SmartyEmulator | SmartyardEmulator {
    return this.opts.pair === 'hydra-smarty' ? createSmartyEmulator({ apiKey: this.baseEnv.SMARTY_API_KEY!, tariffs: SMARTY_TARIFFS }) : createSmartyardEmulator();
  }

  /** Write calls the target emulator itself counted (whatever the proxy did). */
  writes(): number {
    return this.target.stats().writes;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.targetProxy.stop(), this.sourceProxy.stop()]);
    if (this.target !== this.world.smarty && this.target !== this.world.smartyard) await this.target.stop();
    await this.world.close();
  }
}

/**
 * Tunes the pair's sync.yaml for tests: rate caps far above what the emulators need, a short
 * backoff so retries do not stretch a trial, a short request timeout (the proxy's "no answer"
 * fault), small source pages, and a daemon section when asked.
 */
async function tune(file: string, opts: ChaosWorldOptions): Promise<void> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  const sources = doc.get('sources') as { items: { key: { value: string } }[] };
  for (const item of sources.items) {
    const name = item.key.value;
    doc.setIn(['sources', name, 'rate'], doc.createNode({ requests: 5000, per_seconds: 1 }));
    if (name === 'hydra') doc.setIn(['sources', name, 'per_page'], opts.perPage ?? 5);
    if (name === 'hydra' && opts.lists) {
      doc.setIn(['sources', name, 'devices'], true);
      doc.setIn(['sources', name, 'payments_days'], LIST_WINDOW_DAYS);
    }
  }
  const targets = doc.get('targets') as { items: { key: { value: string } }[] };
  for (const item of targets.items) {
    const name = item.key.value;
    doc.setIn(['targets', name, 'rate'], doc.createNode({ requests: 5000, per_seconds: 1 }));
    doc.setIn(['targets', name, 'retry'], doc.createNode({ max_attempts: 8, base_delay_ms: 5, max_delay_ms: 80 }));
    doc.setIn(['targets', name, 'timeout_ms'], 600);
  }
  if (opts.daemon) {
    doc.set('daemon', doc.createNode({ interval: '1h', jitter: 0, listen: '127.0.0.1:0', token: '${BILLSYNC_TOKEN}', shutdown_timeout: '10s' }));
  }
  await writeFile(file, doc.toString());
}

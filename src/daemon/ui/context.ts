/** What the console's pages and actions are given: the daemon's parts they read and act on. */
import type { Runtime } from '../../engine/runtime.js';
import type { Logger } from '../../util/logger.js';
import type { ApproveOutcome } from '../target-worker.js';
import type { CoalescedRequest } from '../coalescer.js';
import type { WorkerStatus } from '../target-worker.js';
import type { TriggerResult } from '../trigger.js';
import type { Html } from './html.js';
import type { Session } from './sessions.js';

/** The part of the daemon's health the console shows. */
export interface ConsoleHealth {
  readonly status: string;
  readonly leadership: string;
  readonly queueDepth: number;
  readonly heldBackOps: number;
  readonly targets: Readonly<Record<string, WorkerStatus>>;
}

export interface ConsoleDeps {
  /** The daemon's runtime: store, compiled mappings, kinds, sources and targets. */
  readonly rt: Runtime;
  /** daemon.token; undefined = no logins, so no actions. */
  readonly token: string | undefined;
  readonly auth: 'none' | 'token';
  readonly logger: Logger;
  readonly now: () => Date;
  health(): ConsoleHealth;
  /** The trigger path of POST /v1/sync (the coalescer). */
  submit(source: string, id: string): CoalescedRequest<TriggerResult>;
  /** Applies a held-back set through the target's worker (TargetWorker.approve); `who` is logged. */
  approve(target: string, hash: string, who: string): Promise<ApproveOutcome>;
  /** Longest a "sync now" waits for its outcome before answering "queued". */
  readonly waitLimitMs: number;
}

/** A GET of a page. */
export interface PageRequest {
  readonly url: URL;
  /** The logged-in session, if any (actions are offered only then). */
  readonly session: Session | null;
}

/** A rendered page: its title and main content (the layout adds the rest). */
export interface PageResult {
  readonly status?: number;
  readonly title: string;
  readonly body: Html;
}

export type Page = (deps: ConsoleDeps, req: PageRequest) => Promise<PageResult>;

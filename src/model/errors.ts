/**
 * Typed errors with stable codes. Every error a user can meet names what went wrong, where
 * (config path or file:line:col) and how to fix it. Anything else is an internal bug.
 */

export type ErrorCode =
  | 'CONFIG_YAML'
  | 'CONFIG_SCHEMA'
  | 'CONFIG_SECRET'
  | 'CONFIG_RULE'
  | 'CONFIG_NOT_FOUND'
  | 'MAPPING_COMPILE'
  | 'SOURCE_AUTH'
  | 'SOURCE_READ'
  | 'TARGET_REQUEST'
  | 'STORE'
  | 'PLAN_STALE'
  | 'LOCKED'
  | 'PREFLIGHT'
  | 'USAGE'
  | 'DAEMON_UNREACHABLE'
  /** Kept for config/ until its loader stops wrapping bugs; throw InternalError instead. */
  | 'INTERNAL';

/** Where in a config file something is. Lines and columns are 1-based. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export class BillsyncError extends Error {
  readonly code: ErrorCode;
  readonly position?: SourcePosition;
  /** Dotted config path, e.g. `tariffs.2`. */
  readonly path?: string;
  /** What the user should do about it. */
  readonly fix?: string;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { position?: SourcePosition; path?: string; fix?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'BillsyncError';
    this.code = code;
    if (opts.position) this.position = opts.position;
    if (opts.path !== undefined) this.path = opts.path;
    if (opts.fix !== undefined) this.fix = opts.fix;
  }

  /** One line for humans: `file:line:col path: message (fix)`. */
  format(): string {
    const where = this.position
      ? `${this.position.file}:${this.position.line}:${this.position.col} `
      : '';
    const path = this.path ? `${this.path}: ` : '';
    const fix = this.fix ? `\n  fix: ${this.fix}` : '';
    return `${where}${path}${this.message}${fix}`;
  }
}

/**
 * A bug in billsync, never something the user can fix: the top-level handler prints it with
 * "please report" and the stack. What the user fixes is a BillsyncError.
 */
export class InternalError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'InternalError';
  }
}

/**
 * No daemon answered at `url` (nothing listens, or it did not answer in time). The user's to
 * fix — start the daemon or point at the right one — so it prints as an error with that fix,
 * never as a bug.
 */
export class DaemonUnreachableError extends BillsyncError {
  readonly url: string;
  constructor(url: string, reason: string, opts: { fix?: string; cause?: unknown } = {}) {
    super('DAEMON_UNREACHABLE', `no daemon answers at ${url} (${reason})`, {
      fix: opts.fix ?? `start the daemon (billsync run) or check the URL (--daemon, daemon.listen in sync.yaml)`,
      cause: opts.cause,
    });
    this.url = url;
  }
}

/** Several config errors reported together (validate shows all of them, not just the first). */
export class ConfigErrors extends BillsyncError {
  readonly errors: readonly BillsyncError[];
  constructor(errors: readonly BillsyncError[]) {
    super(errors[0]?.code ?? 'CONFIG_RULE', `${errors.length} configuration error(s)`);
    this.errors = errors;
  }
  override format(): string {
    return this.errors.map((e) => e.format()).join('\n');
  }
}

/**
 * A failed call to a target. `retryable` errors (network, 5xx, 429) are retried by the executor
 * with backoff; others fail the entity with `message` as the reason.
 */
export class TargetRequestError extends BillsyncError {
  readonly retryable: boolean;
  /** Server-requested delay (Retry-After), in ms. */
  readonly retryAfterMs?: number;
  readonly status?: number;
  constructor(
    message: string,
    opts: { retryable: boolean; retryAfterMs?: number; status?: number; cause?: unknown },
  ) {
    super('TARGET_REQUEST', message, { cause: opts.cause });
    this.retryable = opts.retryable;
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
    if (opts.status !== undefined) this.status = opts.status;
  }
}

/** A failed read from a source. Fatal for the run: a partial read must never look like a shrink. */
export class SourceReadError extends BillsyncError {
  readonly retryable: boolean;
  readonly status?: number;
  constructor(message: string, opts: { retryable: boolean; status?: number; fix?: string; cause?: unknown }) {
    super(opts.status === 401 || opts.status === 403 ? 'SOURCE_AUTH' : 'SOURCE_READ', message, {
      fix: opts.fix,
      cause: opts.cause,
    });
    this.retryable = opts.retryable;
    if (opts.status !== undefined) this.status = opts.status;
  }
}

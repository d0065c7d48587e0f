/**
 * Whether the daemon serves its console, and who may read it, from `daemon.ui` /
 * `daemon.ui_auth` and the address actually listened on: by default the console is on, and
 * open to read, only on loopback — an address reachable from elsewhere gets no console unless
 * asked for, and then a login for reading too.
 */
import type { DaemonConfig } from '../../config/types.js';

export interface ConsoleSettings {
  readonly enabled: boolean;
  /** none: read-only pages are open; token: every page needs a login with daemon.token. */
  readonly auth: 'none' | 'token';
}

/** 127.0.0.0/8, ::1, localhost (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

export function consoleSettings(daemon: Pick<DaemonConfig, 'ui' | 'uiAuth'>, listenHost: string): ConsoleSettings {
  const loopback = isLoopbackHost(listenHost);
  return { enabled: daemon.ui ?? loopback, auth: daemon.uiAuth ?? (loopback ? 'none' : 'token') };
}

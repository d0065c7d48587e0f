/**
 * Who may call the upsale callbacks: an IP allow-list and/or a shared secret, default closed.
 * The secret is compared in constant time (both sides hashed first, as daemon/auth.ts does).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4 } from 'node:net';
import { parseAddressRange, type UpsaleSettings } from './config.js';

export type AuthVerdict = { readonly ok: true } | { readonly ok: false; readonly status: 401 | 403; readonly error: string };

export interface CallerAuth {
  check(remoteAddress: string | undefined, authorization: string | undefined, token: string | null): AuthVerdict;
}

/** The check for these settings; undefined settings refuse every call. */
export function callerAuth(settings: UpsaleSettings | undefined): CallerAuth {
  if (!settings || (settings.allowIps.length === 0 && settings.secret === undefined)) {
    const why = settings
      ? 'the upsale callbacks are closed: daemon.smotreshka_upsale has neither allow_ips nor secret'
      : 'the upsale callbacks are off: this daemon has no daemon.smotreshka_upsale section';
    return { check: () => ({ ok: false, status: 403, error: `${why} (set allow_ips to the platform's addresses and/or a secret; see the README, Smotreshka upsale callbacks)` }) };
  }
  const list = new BlockList();
  for (const text of settings.allowIps) {
    const r = parseAddressRange(text)!;
    list.addSubnet(r.address, r.prefix, r.family);
  }
  const want = settings.secret === undefined ? undefined : digest(settings.secret);
  return {
    check(remote, authorization, token) {
      if (settings.allowIps.length > 0 && !allowed(list, remote)) {
        return { ok: false, status: 403, error: `caller address ${remote ?? '(unknown)'} is not in daemon.smotreshka_upsale.allow_ips` };
      }
      if (want !== undefined) {
        const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
        const given = bearer ?? token;
        if (given === null || given === undefined) return { ok: false, status: 401, error: 'missing upsale secret: send Authorization: Bearer <secret> or ?token=<secret> (daemon.smotreshka_upsale.secret)' };
        if (!timingSafeEqual(digest(given), want)) return { ok: false, status: 401, error: 'wrong upsale secret (daemon.smotreshka_upsale.secret)' };
      }
      return { ok: true };
    },
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** IPv4 callers reach a dual-stack socket as `::ffff:a.b.c.d`: matched as IPv4 too. */
function allowed(list: BlockList, remote: string | undefined): boolean {
  if (!remote) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote)?.[1];
  if (mapped && isIPv4(mapped)) return list.check(mapped, 'ipv4') || list.check(remote, 'ipv6');
  return list.check(remote, isIPv4(remote) ? 'ipv4' : 'ipv6');
}

/**
 * `daemon.smotreshka_upsale` in sync.yaml: the settings of the upsale callbacks, checked. Pure.
 *
 * How the platform authenticates to these callbacks is not documented (api/smotreshka.md §10),
 * so both ways an operator can arrange with Lifestream's support are offered — an IP allow-list
 * and a shared secret — and with neither the callbacks refuse every call (default closed).
 */
import { isIP } from 'node:net';
import { BillsyncError } from '../../model/errors.js';
import type { LoadedYaml, YamlPath } from '../../config/types.js';

export interface UpsaleSettings {
  /** The Smotreshka target the purchases belong to (a name under targets:). */
  readonly target: string;
  /** Addresses and CIDR ranges the platform calls from; empty = any address (then a secret is required). */
  readonly allowIps: readonly string[];
  /** Shared secret the platform sends (Authorization: Bearer, or ?token=). A secret. */
  readonly secret?: string;
  /** Offer ids that may be sold through the app; absent = any. */
  readonly offers?: readonly string[];
  /** How long a committed purchase is kept while the billing does not reflect it; absent = until it does. */
  readonly keepForMs?: number;
}

export interface RawUpsale {
  readonly target?: string;
  readonly allow_ips?: readonly string[];
  readonly secret?: string;
  readonly offers?: readonly (string | number)[];
  readonly keep_for?: string;
}

/** A shared secret shorter than this is guessable. */
export const MIN_SECRET_LENGTH = 16;

/** `10.0.0.0/8`, `2001:db8::/32` or a plain address; null when it is none of them. */
export function parseAddressRange(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', bits, extra] = text.trim().split('/');
  const v = isIP(address);
  if (v === 0 || extra !== undefined) return null;
  const max = v === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: v === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * Checks the raw section (schema-valid, secrets resolved) against the targets of sync.yaml.
 * `duration` parses keep_for and reports its own error.
 */
export function buildUpsale(
  sync: LoadedYaml,
  raw: RawUpsale,
  duration: (text: string | undefined, path: YamlPath) => number | undefined,
): { settings?: UpsaleSettings; errors: BillsyncError[] } {
  const base: YamlPath = ['daemon', 'smotreshka_upsale'];
  const errors: BillsyncError[] = [];
  const fail = (path: YamlPath, message: string, fix: string): void => {
    errors.push(new BillsyncError('CONFIG_RULE', message, { position: sync.positionOf(path), path: path.join('.'), fix }));
  };
  const targets = ((sync.value as { targets?: Record<string, { type?: string }> }).targets ?? {}) as Record<string, { type?: string }>;
  const smotreshka = Object.entries(targets).filter(([, t]) => t.type === 'smotreshka').map(([n]) => n);
  const target = raw.target ?? (smotreshka.length === 1 ? smotreshka[0] : undefined);
  if (target === undefined) {
    fail([...base, 'target'], smotreshka.length === 0 ? 'the upsale callbacks need a Smotreshka target, and sync.yaml has none' : 'several Smotreshka targets: name the one the purchases belong to', `set target: to one of: ${smotreshka.join(', ') || '(add a target of type smotreshka)'}`);
  } else if (targets[target]?.type !== 'smotreshka') {
    fail([...base, 'target'], `'${target}' is not a Smotreshka target`, `use one of: ${smotreshka.join(', ') || '(add a target of type smotreshka)'}`);
  }
  const allowIps = raw.allow_ips ?? [];
  allowIps.forEach((ip, i) => {
    if (!parseAddressRange(ip)) fail([...base, 'allow_ips', i], `'${ip}' is not an IP address or CIDR range`, 'write e.g. 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32');
  });
  if (raw.secret !== undefined && raw.secret.length < MIN_SECRET_LENGTH) {
    // The value is a secret: name its length, never the value.
    fail([...base, 'secret'], `the upsale secret is ${raw.secret.length} characters long; at least ${MIN_SECRET_LENGTH} are needed`, 'use a random value, e.g. `openssl rand -hex 24`, from ${ENV_VAR} or ${file:/path}');
  }
  const keepForMs = duration(raw.keep_for, [...base, 'keep_for']);
  if (errors.length > 0 || target === undefined) return { errors };
  return {
    settings: {
      target,
      allowIps,
      ...(raw.secret !== undefined ? { secret: raw.secret } : {}),
      ...(raw.offers !== undefined ? { offers: raw.offers.map(String) } : {}),
      ...(keepForMs !== undefined ? { keepForMs } : {}),
    },
    errors,
  };
}

/**
 * The compiled form of a mapping file: everything checked and pre-computed once, so mapping a
 * subscriber is a walk over these arrays calling closures. Internal to src/mapping.
 */
import type { RepeatedValues } from './repeated-values.js';
import type { AttrValue } from '../model/entity.js';
import type { AccessIndex } from './access-index.js';
import type { SourcePosition } from '../model/errors.js';
import type { AttrType } from '../model/kind.js';
import type { Coercer } from './coerce.js';
import type { CompiledCondition } from './filter.js';
import type { SafeRegex } from './safe-regex.js';
import type { CompiledTemplate } from './template.js';
import type { ValueCheck } from './value-limits.js';

/** A template from the mapping file with where it came from. */
export interface CompiledValue {
  readonly template: CompiledTemplate;
  readonly position: SourcePosition;
  /** Dotted path in the mapping file, e.g. `entities.customer.attrs.comment`. */
  readonly path: string;
  /** What it fills, for reasons: `customer attr 'comment'`. */
  readonly label: string;
}

export interface CompiledAttr {
  readonly name: string;
  readonly type: AttrType;
  /** COERCE[type], held here so the hot path needs no module lookup. */
  readonly coerce: Coercer;
  readonly value: CompiledValue;
  /** A constant already coerced to `type`; undefined when the value is a real template. */
  readonly constant: AttrValue | undefined;
  /** The target's bounds on the coerced value (value-limits.ts); constants were checked already. */
  readonly check: ValueCheck;
  /** Shares equal string values between entities (not for constants and secrets). */
  readonly repeated?: RepeatedValues;
}

export interface CompiledStatus {
  /** Canonical status → attrs merged over the entity's own (status wins). */
  readonly byStatus: ReadonlyMap<string, readonly CompiledAttr[]>;
  readonly fallback: readonly CompiledAttr[] | undefined;
}

export interface CompiledTariffs {
  readonly set: string;
  readonly integerMembers: boolean;
  /** Source service id → target member key: the table, inverted once. */
  readonly bySource: ReadonlyMap<string, string>;
  readonly ignore: ReadonlySet<string>;
  readonly unmapped: 'skip' | 'ignore';
  /** Member keys that are base packages (at most one per subscriber); undefined = no rule. */
  readonly base: ReadonlySet<string> | undefined;
  /** With `base`: a subscriber without a base package is skipped. */
  readonly requireBase: boolean;
  /** Member key → name for plans and reports (`names:`); empty when the mapping names none. */
  readonly names: ReadonlyMap<string, string>;
  readonly position: SourcePosition;
}

export interface CompiledAccess {
  readonly set: string;
  /** Source service ids (as text) that grant access, any one of them. */
  readonly services: ReadonlySet<string>;
  readonly house: CompiledValue;
  readonly entrance: CompiledValue | undefined;
  readonly index: AccessIndex;
  readonly position: SourcePosition;
}

export interface CompiledEntity {
  readonly kind: string;
  readonly keyType: AttrType;
  readonly key: CompiledValue;
  /** The target's bounds on the key (value-limits.ts). */
  readonly checkKey: (key: string) => string | undefined;
  /** Index of the parent in `CompiledSpec.entities` (always earlier), or -1. */
  readonly parentIndex: number;
  readonly parentKind: string | undefined;
  readonly attrs: readonly CompiledAttr[];
  /** Attrs the kind declares `required`: null after mapping skips the subscriber. */
  readonly required: readonly string[];
  readonly status: CompiledStatus | undefined;
  readonly tariffs: CompiledTariffs | undefined;
  readonly access: CompiledAccess | undefined;
}

/** `devices:` — one device entity per UID of the subscriber, under entity `ownerIndex`. */
export interface CompiledDevices {
  readonly kind: string;
  readonly ownerIndex: number;
  readonly uids: CompiledValue;
  readonly attrs: readonly CompiledAttr[];
  /** Boolean attr of the owner set to whether there is any device. */
  readonly loginAttr: string | undefined;
  /** Longest UID the target takes. */
  readonly checkKey: number;
  /** `devices.matches`: only UIDs (normalised) it finds are devices; the others are left out. */
  readonly matches: SafeRegex | undefined;
  readonly position: SourcePosition;
}

/** `transactions:` — one transaction entity per payment, under entity `ownerIndex`. */
export interface CompiledTransactions {
  readonly kind: string;
  readonly ownerIndex: number;
  readonly prefix: string;
  readonly comment: string | undefined;
  readonly maxKey: number;
  readonly position: SourcePosition;
}

export interface CompiledSpec {
  readonly source: string;
  readonly target: string;
  /** The mapping file, as named in reasons. */
  readonly file: string;
  readonly filter: readonly CompiledCondition[];
  /** Parents before children. */
  readonly entities: readonly CompiledEntity[];
  readonly devices?: CompiledDevices;
  readonly transactions?: CompiledTransactions;
  /** Some entity has `access`, so mapping may produce notices. */
  readonly notices: boolean;
}

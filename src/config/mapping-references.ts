/**
 * Mapping files read nothing but subscriber fields. A `${VAR}` or `${file:…}` reference in a
 * mapping would put a secret into a subscriber's attributes — from there into plans, the op log
 * and the target itself (a `firstname: "${HYDRA_PASSWORD}"` sends the billing password to the
 * TV platform). So references are refused where they stand, before anything is resolved.
 */
import { BillsyncError } from '../model/errors.js';
import type { LoadedYaml, YamlPath } from './types.js';

const FIX = 'secrets belong in sync.yaml; a mapping may only use {{ }} templates over subscriber fields';

/**
 * One CONFIG_RULE error per string value of a mapping that holds a `${…}` reference (`$${` is
 * the literal text `${`, as in sync.yaml, and stays allowed). Reads no environment, no file.
 */
export function findMappingReferences(doc: LoadedYaml): BillsyncError[] {
  const errors: BillsyncError[] = [];
  const visit = (v: unknown, path: YamlPath): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, [...path, i]));
      return;
    }
    if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) visit(x, [...path, k]);
      return;
    }
    if (typeof v !== 'string') return;
    const ref = firstReference(v);
    if (ref === undefined) return;
    errors.push(
      new BillsyncError('CONFIG_RULE', `a mapping cannot read ${ref}: mapping files may not use environment variables or files`, {
        position: doc.positionOf(path),
        path: path.join('.'),
        fix: FIX,
      }),
    );
  };
  visit(doc.value, []);
  return errors;
}

/** The first `${…}` reference in `s` as written (never its value), or undefined. */
function firstReference(s: string): string | undefined {
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      i += 3;
      continue;
    }
    if (s.startsWith('${', i)) {
      const end = s.indexOf('}', i + 2);
      return end < 0 ? s.slice(i) : s.slice(i, end + 1);
    }
    i += 1;
  }
  return undefined;
}

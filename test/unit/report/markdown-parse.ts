/**
 * Reads back which entities a markdown report names, from its ```diff blocks: single-entity
 * headers (`+ customer 42 ← hydra:42`) and groups (`! customer ×3, …` then key lists).
 */

export interface NamedEntity {
  readonly kind: string;
  readonly key: string;
}

const SINGLE = /^[+!-] (\S+) (?!×)(\S+)(?: \((?:block|unblock)\))?(?: ← \S+)?$/;
const GROUP = /^[+!-] (\S+) ×(\d+)(?: of \d+)?(?: \((?:block|unblock)\))?, the same change to each:$/;

/** Every entity the report lists (keys must not contain spaces or commas). */
export function listedEntities(md: string): NamedEntity[] {
  const out: NamedEntity[] = [];
  for (const block of md.split('```diff\n').slice(1)) {
    const body = block.slice(0, block.indexOf('```\n'));
    let group: { kind: string; left: number } | undefined;
    for (const line of body.split('\n')) {
      const g = GROUP.exec(line);
      const s = SINGLE.exec(line);
      if (g) group = { kind: g[1]!, left: Number(g[2]) };
      else if (s) {
        group = undefined;
        out.push({ kind: s[1]!, key: s[2]! });
      } else if (group && line.startsWith('    ')) {
        for (const entry of line.trim().split(', ')) {
          out.push({ kind: group.kind, key: entry.split(' ← ')[0]! });
          group.left -= 1;
        }
      }
    }
    if (group && group.left !== 0) throw new Error(`group of ${group.kind} lists a different number of keys than its header says`);
  }
  return out;
}

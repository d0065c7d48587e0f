/** The safety-gate overrides shared by plan and apply. */
import type { OptionSpec, ParsedValues } from '../command.js';
import type { SafetyOverrides } from '../../plan/safety.js';
import type { OpClass } from '../../plan/exclude.js';

export const SAFETY_OPTIONS: OptionSpec = {
  'allow-shrink': { type: 'boolean', default: false },
  'allow-mass-delete': { type: 'boolean', default: false },
  'allow-incomplete-read': { type: 'boolean', default: false },
  'no-create': { type: 'boolean', default: false },
  'no-update': { type: 'boolean', default: false },
  'no-delete': { type: 'boolean', default: false },
};

export const SAFETY_HELP = `      --allow-shrink        plan destructive ops even if a source returned far fewer
                            subscribers than the snapshot holds (safety.min_source_share)
      --allow-mass-delete   plan deletes, blocks and removals beyond safety.max_deletes /
                            max_blocks / max_removals
      --allow-incomplete-read  plan deletes, blocks and removals for a source whose read
                            could not be proved complete (after checking it by hand)
      --no-create           leave out creates (and what depends on them)
      --no-update           leave out updates, blocks, unblocks and set changes of existing entities
      --no-delete           leave out deletes`;

/** The op classes the user asked to leave out. */
export function excludedFrom(values: ParsedValues): OpClass[] {
  return (['create', 'update', 'delete'] as const).filter((c) => values[`no-${c}`] === true);
}

export function overridesFrom(values: ParsedValues): SafetyOverrides {
  return { allowShrink: values['allow-shrink'] === true, allowMassDelete: values['allow-mass-delete'] === true, allowIncompleteRead: values['allow-incomplete-read'] === true };
}

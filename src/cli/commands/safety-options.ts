/** The safety-gate overrides shared by plan and apply. */
import type { OptionSpec, ParsedValues } from '../command.js';
import type { SafetyOverrides } from '../../plan/safety.js';

export const SAFETY_OPTIONS: OptionSpec = {
  'allow-shrink': { type: 'boolean', default: false },
  'allow-mass-delete': { type: 'boolean', default: false },
};

export const SAFETY_HELP = `      --allow-shrink        plan deletes/blocks even if a source returned far fewer
                            subscribers than the snapshot holds (safety.min_source_share)
      --allow-mass-delete   plan deletes/blocks beyond safety.max_deletes / max_blocks`;

export function overridesFrom(values: ParsedValues): SafetyOverrides {
  return { allowShrink: values['allow-shrink'] === true, allowMassDelete: values['allow-mass-delete'] === true };
}

/**
 * Test file order: the slow directories first (chaos trials, then end-to-end, then integration,
 * then unit), vitest's own order within each. Vitest orders by the durations of the last run,
 * kept under node_modules/ — which `npm ci` (the CI's first step) wipes; it then falls back to
 * file size, and the kill -9 trial files, a few lines each, started last and ran alone for a
 * minute and a half at the end of the run. Longest first keeps all workers busy to the end.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const WEIGHT: readonly (readonly [RegExp, number])[] = [
  [/\/test\/chaos\//, 0],
  [/\/test\/e2e\//, 1],
  [/\/test\/integration\//, 2],
];
const weightOf = (spec: TestSpecification): number => WEIGHT.find(([dir]) => dir.test(spec.moduleId))?.[1] ?? WEIGHT.length;

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Array.prototype.sort is stable: vitest's order stays within a directory.
    return (await super.sort(files)).sort((a, b) => weightOf(a) - weightOf(b));
  }
}

/**
 * A LoadedYaml without a YAML parser, for compile tests: the value as given and a positionOf
 * that returns a fake position (line = path depth + 1). Errors also carry `path`, which is
 * what the tests check.
 */
import type { LoadedYaml, YamlPath } from '../../../src/config/types.js';

export function fakeYaml(value: unknown, file = 'mappings/test.yaml'): LoadedYaml {
  return {
    file,
    value,
    positionOf: (path: YamlPath) => ({ file, line: path.length + 1, col: 1 }),
  };
}

/**
 * Whether output may be coloured: only on a terminal, never with `--no-color` or with the
 * NO_COLOR environment variable set to anything non-empty (https://no-color.org).
 */
import type { ParsedValues } from './command.js';

export function useColor(stream: { isTTY?: boolean }, values: ParsedValues, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && values['no-color'] !== true && !env.NO_COLOR;
}

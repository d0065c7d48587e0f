/** Process entry of the CLI: runs `main` with the real process streams and sets the exit code. */
import { main } from './main.js';
import { boundHeapGrowth } from '../util/heap-growth.js';

// Before any work: a plan of a million subscribers must fit the memory the operator gave it.
boundHeapGrowth();

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
});

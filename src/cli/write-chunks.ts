/**
 * Writes text produced piece by piece (report/json.ts jsonChunks) to a file, waiting for the
 * stream to drain: a million-subscriber plan is more text than one string may hold, so it is
 * never joined in memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

export async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  try {
    for (const chunk of chunks) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
  } catch (err) {
    out.destroy();
    throw err;
  }
}

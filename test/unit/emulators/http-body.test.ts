import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../../src/emulators/kit/http-body.js';

/** A request body arriving in these chunks (readBody only iterates the stream). */
const request = (...chunks: string[]): IncomingMessage => Readable.from(chunks.map((c) => Buffer.from(c, 'utf8'))) as unknown as IncomingMessage;

describe('readBody', () => {
  it('joins the chunks as UTF-8, multi-byte characters split across chunks included', async () => {
    const bytes = Buffer.from('имя=Иван', 'utf8');
    const split = Readable.from([bytes.subarray(0, 3), bytes.subarray(3)]) as unknown as IncomingMessage;
    expect(await readBody(split)).toBe('имя=Иван');
    expect(await readBody(request())).toBe('');
  });

  it('gives up past the cap and not at it', async () => {
    expect(await readBody(request('12345', '678'), 8)).toBe('12345678');
    expect(await readBody(request('12345', '6789'), 8)).toBeUndefined();
  });
});

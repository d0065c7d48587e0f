import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redactingStream } from '../../../src/daemon/redacting-stream.js';
import { createLogger } from '../../../src/util/logger.js';

describe('redactingStream', () => {
  it('blanks secret values wherever they appear in a log line, JSON-escaped too', () => {
    let out = '';
    const sink = new Writable({ write: (c: Buffer, _e, done) => ((out += c.toString()), done()) });
    const logger = createLogger({ level: 'info', destination: redactingStream(sink as unknown as NodeJS.WritableStream, ['s3cr3t-token', 'pa"ss\\word', 'x']) });
    logger.info({ url: 'http://h/?key=s3cr3t-token' }, 'calling with pa"ss\\word inside');
    expect(out).not.toContain('s3cr3t-token');
    expect(out).not.toContain('pa\\"ss\\\\word');
    expect(out).toContain('[redacted]');
    // Values too short to be secrets are left alone.
    expect(out).toContain('calling with');
  });
});

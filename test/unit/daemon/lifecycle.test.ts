import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../../src/daemon/lifecycle.js';
import { silentLogger } from '../../../src/util/logger.js';

describe('Lifecycle', () => {
  it('aborts, waits for in-flight work, then releases last-registered first', async () => {
    const order: string[] = [];
    const lc = new Lifecycle({ logger: silentLogger(), timeoutMs: 2000, exit: () => order.push('exit') });
    lc.defer('store', () => void order.push('store'));
    lc.defer('http', async () => void order.push('http'));
    let finish!: () => void;
    const work = lc.track('apply', new Promise<void>((r) => (finish = r)).then(() => void order.push('apply done')));
    lc.signal.addEventListener('abort', () => {
      order.push('aborted');
      setTimeout(finish, 20);
    });
    expect(lc.inFlight()).toEqual(['apply']);
    await lc.shutdown('test');
    await work;
    expect(order).toEqual(['aborted', 'apply done', 'http', 'store']);
    expect(lc.stopping).toBe(true);
    lc.disarm();
  });

  it('releases anyway when work overruns, and the watchdog forces exit(1) when releasing hangs', async () => {
    const exits: number[] = [];
    const lc = new Lifecycle({ logger: silentLogger(), timeoutMs: 100, exit: (c) => exits.push(c) });
    let released = false;
    lc.defer('stuck', () => new Promise<void>(() => undefined));
    lc.defer('quick', () => void (released = true));
    lc.track('never ends', new Promise(() => undefined));
    void lc.shutdown('test');
    await new Promise((r) => setTimeout(r, 95));
    expect(released).toBe(true);
    expect(exits).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(exits).toEqual([1]);
  });
});

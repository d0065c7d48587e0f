import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/daemon/circuit-breaker.js';

const make = () => new CircuitBreaker({ threshold: 3, baseCooldownMs: 1000, maxCooldownMs: 5000 });

describe('CircuitBreaker', () => {
  it('opens after `threshold` consecutive failures, not before', () => {
    const b = make();
    b.failure(0, 'down');
    b.failure(0, 'down');
    expect(b.state(0)).toBe('closed');
    expect(b.allows(0)).toBe(true);
    b.failure(10, 'down');
    expect(b.state(10)).toBe('open');
    expect(b.allows(10)).toBe(false);
    expect(b.waitMs(10)).toBe(1000);
    expect(b.status(10)).toMatchObject({ state: 'open', consecutiveFailures: 3, openUntil: 1010, lastError: 'down' });
  });

  it('a success in between resets the count', () => {
    const b = make();
    b.failure(0, 'x');
    b.failure(0, 'x');
    b.success();
    b.failure(0, 'x');
    b.failure(0, 'x');
    expect(b.state(0)).toBe('closed');
  });

  it('goes half-open after the cool-down; a failed trial reopens for twice as long, capped', () => {
    const b = make();
    for (let i = 0; i < 3; i++) b.failure(0, 'x');
    expect(b.state(999)).toBe('open');
    expect(b.state(1000)).toBe('half_open');
    expect(b.allows(1000)).toBe(true);
    b.failure(1000, 'still down');
    expect(b.state(1000)).toBe('open');
    expect(b.waitMs(1000)).toBe(2000);
    b.failure(3000, 'x');
    expect(b.waitMs(3000)).toBe(4000);
    b.failure(7000, 'x');
    expect(b.waitMs(7000)).toBe(5000);
  });

  it('a successful trial closes it and resets the growth', () => {
    const b = make();
    for (let i = 0; i < 3; i++) b.failure(0, 'x');
    b.failure(1000, 'x');
    b.success();
    expect(b.state(1000)).toBe('closed');
    expect(b.status(1000)).toMatchObject({ consecutiveFailures: 0, openUntil: null, lastError: null });
    for (let i = 0; i < 3; i++) b.failure(2000, 'x');
    expect(b.waitMs(2000)).toBe(1000);
  });
});

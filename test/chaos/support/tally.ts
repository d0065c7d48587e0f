/**
 * The figures a chaos file prints at its end (console.log, so CI output shows them): trials run
 * and passed per category, and counters of what the trials did (kills, faults injected, runs
 * found abandoned). Durations are printed, never asserted.
 */
import { mulberry32, intBetween, pick, type Rng } from '../../../src/emulators/kit/prng.js';

export { mulberry32, intBetween, pick, type Rng };

export class Tally {
  private readonly runs = new Map<string, { run: number; passed: number; ms: number }>();
  private readonly counters = new Map<string, number>();
  private readonly started = Date.now();

  constructor(private readonly title: string) {}

  /** Starts a trial of `category`; call the returned function when every assertion held. */
  trial(category: string): () => void {
    const c = this.runs.get(category) ?? { run: 0, passed: 0, ms: 0 };
    this.runs.set(category, c);
    c.run++;
    const t0 = Date.now();
    return () => {
      c.passed++;
      c.ms += Date.now() - t0;
    };
  }

  count(name: string, n = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + n);
  }

  print(): void {
    let run = 0;
    let passed = 0;
    const lines: string[] = [];
    for (const [category, c] of this.runs) {
      run += c.run;
      passed += c.passed;
      lines.push(`  ${category.padEnd(44)} ${c.passed}/${c.run} passed${c.passed > 0 ? `, ${(c.ms / c.passed / 1000).toFixed(1)} s per passing trial` : ''}`);
    }
    const counters = [...this.counters].map(([k, v]) => `${k}=${v}`).join(' ');
    console.log(
      [`[chaos] ${this.title}: ${passed}/${run} trials passed in ${((Date.now() - this.started) / 1000).toFixed(0)} s`, ...lines, ...(counters ? [`  ${counters}`] : [])].join('\n'),
    );
  }
}

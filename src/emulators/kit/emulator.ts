/**
 * What every emulator offers the tests, the demo and users' CI, whatever system it plays: its
 * lifecycle, direct access to its state and what it saw. Each emulator's interface extends this
 * with its own failure rules and switches.
 */
export interface LoopbackEmulator<State, Stats> {
  /** Listens on 127.0.0.1 (port 0, the default, picks a free one); resolves to the URL to give a client. */
  start(port?: number): Promise<string>;
  /** Stops listening and drops open connections; does nothing when not started. */
  stop(): Promise<void>;
  /** The emulated system's data, to arrange and inspect a test directly. */
  readonly state: State;
  /** What the emulator saw since it was created or since `resetStats()`. */
  stats(): Stats;
  resetStats(): void;
}

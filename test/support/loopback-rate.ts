/**
 * The rate cap end-to-end tests give every source and target of an emulated world
 * (`startEmulatedWorld({ rate: LOOPBACK_RATE })`): sync.yaml.example's caps are polite to real
 * servers (UserSide 20 requests/s), which on loopback emulators only makes a test wait. Tests of
 * the rate limiter itself keep their own caps.
 */
export const LOOPBACK_RATE = { requests: 5000, per_seconds: 1 } as const;

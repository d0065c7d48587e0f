/**
 * The UserSide emulator as `billsync emulators` and the demo start it, behind the factory its
 * adapter's descriptor points at lazily (config/adapter-descriptor.ts EmulatorFactory, matched
 * structurally: this folder imports no adapter or config code).
 */
import { createUsersideEmulator, DEFAULT_API_KEY } from './server.js';

export const usersideEmulator = {
  create: (opts: { readonly subscribers: number; readonly seed: number }) => createUsersideEmulator({ customers: opts.subscribers, seed: opts.seed }),
  env: (url: string) => ({ USERSIDE_URL: url, USERSIDE_API_KEY: DEFAULT_API_KEY }),
};

/**
 * Every command's help text, written beside the compiled CLI at build time
 * (dist/cli/help-manifest.json, by write-help-manifest.ts), so `billsync COMMAND --help` and
 * `billsync help COMMAND` answer without loading the command — and with it the engine, the
 * store drivers and the HTTP stack. Absent (running from src/ through tsx, or a bare `tsc`
 * without the manifest step), the command itself is loaded: slower, never wrong.
 */
import { readFileSync } from 'node:fs';

export const HELP_MANIFEST = new URL('./help-manifest.json', import.meta.url);

export interface HelpManifest {
  /** The package version it was built for: a manifest of another version is ignored. */
  readonly version: string;
  readonly help: Readonly<Record<string, string>>;
}

/** The manifest when present and built for `version`; null otherwise. */
export function readHelpManifest(version: string): HelpManifest | null {
  try {
    const m = JSON.parse(readFileSync(HELP_MANIFEST, 'utf8')) as HelpManifest;
    return m.version === version && typeof m.help === 'object' ? m : null;
  } catch {
    return null;
  }
}

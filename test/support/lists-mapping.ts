/**
 * Set-top boxes and payments switched on in an emulated world: the source reads them
 * (`devices: true`, `payments_days: 30`) and the Smarty mapping gets the `devices:` and
 * `transactions:` sections the shipped mappings carry commented out.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The two mapping sections. `idPrefix` namespaces the billing's payment ids in Smarty's ext_id
 * (hydra-, lb-), as the commented sections do.
 */
export function listsMapping(idPrefix: string): string {
  return `
devices:
  entity: account
  uids: '{{ devices }}'
  attrs: { system_name: mag }
transactions:
  entity: customer
  id_prefix: '${idPrefix}'
`;
}

/** Appends the two sections to the world's `mappings/<pair>.yaml` next to `config`. */
export async function appendListsMapping(config: string, pair: string, idPrefix: string): Promise<void> {
  const mapping = join(dirname(config), 'mappings', `${pair}.yaml`);
  await writeFile(mapping, (await readFile(mapping, 'utf8')) + listsMapping(idPrefix));
}

/**
 * Switches boxes and payments on in the world: the source of type `sourceType` in `config`
 * reads them, and `pair`'s mapping sends them. Throws when `config` has no such source.
 */
export async function enableLists(config: string, sourceType: 'hydra' | 'lanbilling', pair: string, idPrefix: string): Promise<void> {
  const text = await readFile(config, 'utf8');
  const withOptions = text.replace(new RegExp(`(\\n {4}type: ${sourceType}\\n)`), '$1    devices: true\n    payments_days: 30\n');
  if (withOptions === text) throw new Error(`${config} has no source of type ${sourceType}`);
  await writeFile(config, withOptions);
  await appendListsMapping(config, pair, idPrefix);
}

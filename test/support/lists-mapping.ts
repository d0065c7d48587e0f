/**
 * The devices: and transactions: sections the shipped Smarty mappings carry commented out,
 * switched on: tests append them to a world's mapping file. `idPrefix` namespaces the billing's
 * payment ids in Smarty's ext_id (hydra-, lb-), as the commented sections do.
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

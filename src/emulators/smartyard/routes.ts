/** The route table of the emulated AX `/bill/api`: name (path without the trailing slash) → route. */
import { DEVICE_ROUTES } from './device-routes.js';
import { DOOR_ROUTES } from './door-routes.js';
import { miscRoutes } from './misc-routes.js';
import type { BillRoute } from './request.js';
import { RIGHTS_ROUTES } from './rights-routes.js';

/** Every path is `/bill/api/<name>/`. */
export const BILL_PREFIX = '/bill/api/';

/** All routes by name; `token` is what `auth/` hands out. */
export function routeTable(token: string): ReadonlyMap<string, BillRoute> {
  const all = [...miscRoutes(token), ...DEVICE_ROUTES, ...DOOR_ROUTES, ...RIGHTS_ROUTES];
  return new Map(all.map((r) => [r.name, r]));
}

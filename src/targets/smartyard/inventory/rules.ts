/**
 * Cross-checks of an inventory file that its schema cannot express: what each device type
 * needs, doors that point at devices of the right types, names that stay unique after panels
 * expand, sane houses, entrances and coordinates, ids the server keeps unique, values its columns
 * can hold, and credentials that must not be written in the file (or would show in plans). Each runs on a schema-valid,
 * resolved document and returns every problem, positioned.
 */
import { isIP } from 'node:net';
import { BillsyncError } from '../../../model/errors.js';
import type { YamlPath } from '../../../config/types.js';
import type { YamlDocument } from '../../../config/load.js';
import { normaliseEntrance, normaliseHouse } from '../../../mapping/access-index.js';
import { didYouMean } from '../../../util/suggest.js';
import { canonicalCoordinate, declaredDevice, onlyEntrance } from './expand.js';
import { LOCK_SUFFIX, PASSWORD_FIELDS, SECRET_DEVICE_FIELDS, SECRET_DOOR_FIELDS } from './fields.js';
import type { RawDevice, RawDoorFields, RawInventory } from './types.js';

type Rec = Readonly<Record<string, unknown>>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});

const SECRET_FIX = 'put the value in an environment variable or a file readable only by billsync and write ${ENV_VAR} or ${file:/path}';

/**
 * Checks `doc` (resolved) against `raw` (the same file before `${…}` resolution, to tell
 * literals from references).
 */
export function checkInventory(doc: YamlDocument, raw: unknown): BillsyncError[] {
  const inv = doc.value as RawInventory;
  const errors: BillsyncError[] = [];
  const fail: Fail = (path, message, fix, atKey = false) => {
    const position = atKey ? doc.keyPositionOf(path) : doc.positionOf(path);
    errors.push(new BillsyncError('CONFIG_RULE', message, { position, path: path.join('.'), fix }));
  };
  checkDevices(inv, fail);
  checkDoors(inv, fail);
  checkUniqueIds(inv, fail);
  checkColumns(inv, fail);
  checkCredentials(inv, raw, fail);
  return errors.sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0));
}

/** Records a problem at `path`: its value, or (atKey) the key naming it — for whole entries. */
type Fail = (path: YamlPath, message: string, fix: string, atKey?: boolean) => void;

function checkDevices(inv: RawInventory, fail: Fail): void {
  for (const [name, d] of Object.entries(inv.devices)) {
    const at = ['devices', name];
    if (d.type === 'panel' && d.door === undefined) {
      fail(at, `panel '${name}' needs a door: its lock '${name}${LOCK_SUFFIX}' opens it and its camera shows it`, "add door: { icon: entrance, name: 'Подъезд 1', open: '${P1_OPEN_URL}' }", true);
    }
    if (d.type !== 'panel' && d.door !== undefined) {
      fail([...at, 'door'], `only a panel has a door of its own; '${name}' is a ${d.type}`, `declare the door under doors: with lock: and cam: naming the lock and camera devices`, true);
    }
    if (d.type !== 'lock' && d.url === undefined) {
      fail(at, `${d.type} '${name}' needs url: the media server URL the app plays`, 'add url: https://media.example/…', true);
    }
    if (d.type === 'lock' && d.device_type !== undefined) {
      fail([...at, 'device_type'], 'a lock is always device_type 3; device_type chooses a camera type (1 cam, 2 newcam)', 'remove device_type');
    }
    const houses = Array.isArray(d.house) ? d.house : [d.house];
    houses.forEach((h, i) => {
      if (normaliseHouse(h) === undefined) fail(Array.isArray(d.house) ? [...at, 'house', i] : [...at, 'house'], 'the house id is blank', 'write the source house id (address.houseId) of the house it serves');
    });
    const distinct = new Set(houses.map(normaliseHouse));
    if (distinct.size < houses.length) fail([...at, 'house'], 'a house is listed twice', 'list each house once');
    if (d.entrances !== undefined && houses.length > 1) {
      fail([...at, 'entrances'], `entrances of ${houses.length} houses cannot be told apart`, 'declare one device per house, or drop entrances: to serve every entrance of the listed houses');
    }
    checkEntrances(d, at, fail);
    for (const axis of ['latitude', 'longitude'] as const) {
      const v = d[axis];
      if (v === undefined) continue;
      const c = canonicalCoordinate(v);
      const limit = axis === 'latitude' ? 90 : 180;
      if (c === null || Math.abs(Number(c)) > limit) {
        fail([...at, axis], `${axis} must be a number of degrees between -${limit} and ${limit}`, `write e.g. ${axis}: ${axis === 'latitude' ? '55.751244' : '37.618423'} (check what \${…} references resolve to)`);
      }
    }
  }
}

function checkEntrances(d: RawDevice, at: YamlPath, fail: Fail): void {
  const seen = new Set<string>();
  (d.entrances ?? []).forEach((e, i) => {
    const n = normaliseEntrance(e);
    if (n === undefined) {
      fail([...at, 'entrances', i], 'the entrance is blank', 'write the entrance number, e.g. 1');
      return;
    }
    if (seen.has(n)) fail([...at, 'entrances', i], `entrance ${String(e)} is listed twice`, 'list each entrance once');
    seen.add(n);
  });
}

function checkDoors(inv: RawInventory, fail: Fail): void {
  const names = Object.keys(inv.devices);
  const keys = names.flatMap((n) => (inv.devices[n]?.type === 'panel' ? [n, n + LOCK_SUFFIX] : [n]));
  for (const [name, d] of Object.entries(inv.devices)) {
    if (d.type === 'panel' && d.door) checkDoorEntrance(d.door, d, ['devices', name, 'door'], name, fail);
  }
  for (const [name, door] of Object.entries(inv.doors ?? {})) {
    const at = ['doors', name];
    if (inv.devices[name]?.type === 'panel') {
      fail(at, `door '${name}' is also the door of panel '${name}'`, 'rename the door (a panel’s door is named after the panel)', true);
    }
    const lock = declaredDevice(inv, door.lock);
    const isLock = lock !== undefined && (lock.type === 'lock' || door.lock.endsWith(LOCK_SUFFIX));
    if (!lock) {
      fail([...at, 'lock'], `no device '${door.lock}' in the inventory${didYouMean(door.lock, keys)}`, 'name a device of type lock, or a panel’s lock as <panel>:lock');
    } else if (!isLock) {
      fail([...at, 'lock'], `'${door.lock}' is a ${lock.type}, not a lock`, lock.type === 'panel' ? `write lock: ${door.lock}${LOCK_SUFFIX} (the panel’s lock)` : 'name a device of type lock');
    }
    const cam = Object.hasOwn(inv.devices, door.cam) ? inv.devices[door.cam] : undefined;
    if (door.cam.endsWith(LOCK_SUFFIX)) {
      fail([...at, 'cam'], `'${door.cam}' is a panel’s lock, not a camera`, `write cam: ${door.cam.slice(0, -LOCK_SUFFIX.length)} (the panel’s camera)`);
    } else if (!cam) {
      fail([...at, 'cam'], `no device '${door.cam}' in the inventory${didYouMean(door.cam, names)}`, 'name a device of type camera or panel');
    } else if (cam.type === 'lock') {
      fail([...at, 'cam'], `'${door.cam}' is a lock, not a camera`, 'name a device of type camera or panel');
    }
    if (isLock) checkDoorEntrance(door, lock, [...at], name, fail);
  }
}

/** A door's entrance: written, or the only entrance its lock serves. */
function checkDoorEntrance(f: RawDoorFields, lock: RawDevice, at: YamlPath, name: string, fail: Fail): void {
  if (f.entrance !== undefined || onlyEntrance(lock) !== undefined) return;
  const why = lock.entrances === undefined ? 'its lock serves the whole building' : 'its lock serves several entrances';
  fail(at, `door '${name}' needs entrance: ${why}`, 'add entrance: N (0 when no entrance applies, e.g. a gate)', true);
}

/** domophoneid and monitorid are unique on the server: two devices with one would fail there. */
function checkUniqueIds(inv: RawInventory, fail: Fail): void {
  for (const field of ['domophoneid', 'monitorid'] as const) {
    const first = new Map<number, string>();
    for (const [name, d] of Object.entries(inv.devices)) {
      const v = d[field];
      if (v === undefined) continue;
      const other = first.get(v);
      if (other === undefined) first.set(v, name);
      else fail(['devices', name, field], `${field} ${v} is also the ${field} of '${other}'; the server keeps it unique`, `give each device its own ${field}`);
    }
  }
}

/**
 * Widths of the server's varchar columns (the published smartyard_db.py models; newer servers
 * may have widened some, the narrow ones are safe on every version). Checked after `${…}`
 * resolution: most of these values come from the environment.
 */
const DEVICE_WIDTHS: Readonly<Record<string, number>> = { url: 64, stream: 64, title: 64, address: 110 };
const DOOR_WIDTHS: Readonly<Record<string, number>> = { open: 64 };

/** What the server's columns cannot take: too long for a varchar, not digits for `dtmf` (an integer), not an address for `panelip` (inet). */
function checkColumns(inv: RawInventory, fail: Fail): void {
  const width = (path: YamlPath, field: string, value: unknown, widths: Readonly<Record<string, number>>): void => {
    const max = widths[field];
    if (max === undefined || typeof value !== 'string') return;
    const n = [...value].length;
    // The length only: the value may be a credential.
    if (n > max) fail(path, `${field} is ${n} characters long; the server's column holds at most ${max}`, `shorten it to ${max} characters (check what \${…} references resolve to)`);
  };
  const door = (at: YamlPath, d: RawDoorFields): void => {
    for (const [field, value] of Object.entries(d)) width([...at, field], field, value, DOOR_WIDTHS);
  };
  for (const [name, d] of Object.entries(inv.devices)) {
    const at = ['devices', name];
    for (const [field, value] of Object.entries(d)) width([...at, field], field, value, DEVICE_WIDTHS);
    if (d.dtmf !== undefined && !/^\d{1,9}$/.test(String(d.dtmf).trim())) {
      fail([...at, 'dtmf'], 'dtmf must be digits: the server keeps it as a number', "write the code's digits, e.g. dtmf: '1'");
    }
    if (d.panelip !== undefined && !isInet(d.panelip)) {
      fail([...at, 'panelip'], `'${d.panelip}' is not an IP address`, 'write an IPv4 or IPv6 address, e.g. 10.0.0.11');
    }
    if (d.door) door([...at, 'door'], d.door);
  }
  for (const [name, d] of Object.entries(inv.doors ?? {})) door(['doors', name], d);
}

/** An address PostgreSQL's inet takes: an IP, optionally with a prefix length. */
function isInet(s: string): boolean {
  const [ip = '', prefix, ...rest] = s.trim().split('/');
  const family = isIP(ip);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * Passwords only by reference; URLs with a user:password only by reference in secret fields
 * and nowhere else (a non-secret field is shown in plans and reports).
 */
function checkCredentials(inv: RawInventory, raw: unknown, fail: Fail): void {
  const rawDevices = rec(rec(raw).devices);
  const rawDoors = rec(rec(raw).doors);
  const check = (path: YamlPath, field: string, value: unknown, rawValue: unknown, secret: boolean): void => {
    if (typeof value !== 'string') return;
    const literal = typeof rawValue === 'string' && !hasReference(rawValue);
    if (PASSWORD_FIELDS.has(field) && literal) {
      fail(path, `${field} is written in the file; passwords must not be kept in the inventory`, SECRET_FIX);
    } else if (hasUrlPassword(value)) {
      if (!secret) fail(path, `${field} carries a user:password, which plans and reports would show`, `keep credentials out of ${field} (stream, camshot and open are the fields that may hold them)`);
      else if (typeof rawValue === 'string' && literalUrlPassword(rawValue)) fail(path, `${field} carries a user:password written in the file`, SECRET_FIX);
    }
  };
  for (const [name, d] of Object.entries(inv.devices)) {
    const r = rec(rawDevices[name]);
    for (const [field, value] of Object.entries(d)) {
      if (field === 'door') continue;
      check(['devices', name, field], field, value, r[field], SECRET_DEVICE_FIELDS.has(field));
    }
    const rd = rec(r.door);
    for (const [field, value] of Object.entries(d.door ?? {})) check(['devices', name, 'door', field], field, value, rd[field], SECRET_DOOR_FIELDS.has(field));
  }
  for (const [name, door] of Object.entries(inv.doors ?? {})) {
    const r = rec(rawDoors[name]);
    for (const [field, value] of Object.entries(door)) check(['doors', name, field], field, value, r[field], SECRET_DOOR_FIELDS.has(field));
  }
}

/** Whether the text uses a `${…}` reference (`$${` is a literal). */
function hasReference(s: string): boolean {
  return s.replace(/\$\$\{/g, '').includes('${');
}

/**
 * Whether the password of a URL is written out in the file: a `${…}` reference elsewhere in the
 * URL (its host, say) does not make `viewer:pw@${CAM_HOST}` any less a password kept in the file.
 * A URL whose password or whole user:password is a reference is fine.
 */
function literalUrlPassword(raw: string): boolean {
  // References become a placeholder without URL delimiters (a `${file:/path}` holds slashes).
  const masked = raw.replace(/\$\$\{/g, '$ {').replace(/\$\{[^}]*\}/g, '\u0000');
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s]*)@/i.exec(masked.trim());
  if (!m) return !hasReference(raw);
  const colon = m[1]!.indexOf(':');
  return colon >= 0 && !m[1]!.slice(colon + 1).includes('\u0000');
}

/** `scheme://user:password@host…` with a non-empty password. */
export function hasUrlPassword(s: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(s.trim())) return false;
  try {
    return new URL(s.trim()).password !== '';
  } catch {
    // Not a URL the parser accepts, but it looks like one with credentials: treat it as one.
    return true;
  }
}

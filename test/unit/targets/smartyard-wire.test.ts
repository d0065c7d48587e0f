import { describe, expect, it } from 'vitest';
import { errorText } from '../../../src/targets/smartyard/client.js';
import { deviceMatches } from '../../../src/targets/smartyard/device-ops.js';
import { doorMatches } from '../../../src/targets/smartyard/door-ops.js';
import { DEVICE_FIELDS } from '../../../src/targets/smartyard/kinds.js';
import { doorAttrs, rightsEntity, rightsIds } from '../../../src/targets/smartyard/observe.js';
import { coordinate, deviceBody, doorBody, readDevice, readDoor, unknownDeviceId } from '../../../src/targets/smartyard/wire.js';
import type { ExecuteContext } from '../../../src/targets/target.js';

const ctx = (devices: Record<string, string>): ExecuteContext => ({
  remoteIdOf: (_k, key) => devices[key] ?? null,
  keyOf: (kind, id) => (kind === 'device' ? (Object.entries(devices).find(([, v]) => v === id)?.[0] ?? null) : null),
});

describe('smartyard wire: device rows', () => {
  it('normalises what devices_list answers: string decimals, integer text, 0/1 flags, absent fields as null', () => {
    const row = readDevice({
      device_id: 7,
      device_type: '3',
      title: 'Подъезд 1',
      is_active: 1,
      longitude: '37.617300000',
      latitude: '55.755800000',
      record_days: '14',
      domophoneid: 1,
      dtmf: 1234,
      panelip: '10.0.0.5',
    });
    expect(row?.deviceId).toBe(7);
    expect(row?.attrs).toMatchObject({
      device_type: 3,
      title: 'Подъезд 1',
      is_active: true,
      longitude: '37.6173',
      latitude: '55.7558',
      record_days: 14,
      domophoneid: 1,
      dtmf: '1234',
      panelip: '10.0.0.5',
      url: null,
      monitorid: null,
      panelpasswd: null,
    });
    expect(Object.keys(row!.attrs).sort()).toEqual([...DEVICE_FIELDS].sort());
  });

  it('gives coordinates one text form whatever the server or the inventory wrote', () => {
    expect(coordinate('45.123456780')).toBe('45.12345678');
    expect(coordinate(45.12345678)).toBe('45.12345678');
    expect(coordinate('0E-9')).toBe('0');
    expect(coordinate('-0.000000100')).toBe('-1e-7');
    expect(coordinate(null)).toBeNull();
    expect(coordinate('')).toBeNull();
  });

  it('drops rows without a usable id', () => {
    expect(readDevice({ device_type: 1 })).toBeUndefined();
    expect(readDevice([])).toBeUndefined();
    expect(readDoor({ id: 'x' })).toBeUndefined();
  });

  it('sends all 18 keys, null for the unset ones, coordinates canonical', () => {
    const body = deviceBody({ device_type: 1, title: 'Cam', latitude: '55.7558000', is_active: true, record_days: 7 });
    expect(Object.keys(body)).toEqual([...DEVICE_FIELDS]);
    expect(body).toMatchObject({ device_type: 1, title: 'Cam', latitude: '55.7558', is_active: true, record_days: 7, url: null, stream: null, longitude: null });
  });
});

describe('smartyard wire: doors', () => {
  it('builds the door body with device ids and reads rows back with our device keys', () => {
    expect(doorBody({ lock: 'p1:lock', cam: 'p1', entrance: 1, icon: 'entrance', name: 'Подъезд 1', open: 'http://u:p@panel/open' }, 11, 10)).toEqual({
      device_id: 11,
      cam: 10,
      entrance: 1,
      icon: 'entrance',
      name: 'Подъезд 1',
      open: 'http://u:p@panel/open',
      open_trait: null,
    });
    const row = readDoor({ id: 3, device_id: 11, cam: 99, entrance: '1', icon: 'gate', name: 'Ворота', open: 'x', open_trait: null })!;
    expect(doorAttrs(row, ctx({ 'p1:lock': '11' }))).toEqual({ lock: 'p1:lock', cam: '#99', entrance: 1, icon: 'gate', name: 'Ворота', open: 'x', open_trait: null });
  });

  it('matches a listed door on lock, camera, entrance and name', () => {
    const row = readDoor({ id: 3, device_id: 11, cam: 10, entrance: 1, name: 'Подъезд 1' })!;
    expect(doorMatches(row, 11, 10, { entrance: 1, name: 'Подъезд 1' })).toBe(true);
    expect(doorMatches(row, 11, 10, { entrance: 2, name: 'Подъезд 1' })).toBe(false);
    expect(doorMatches(row, 11, 12, { entrance: 1, name: 'Подъезд 1' })).toBe(false);
    expect(doorMatches(row, 11, 10, { entrance: 1, name: 'Подъезд 2' })).toBe(false);
  });
});

describe('smartyard adoption rule for devices', () => {
  const row = readDevice({ device_id: 5, device_type: 1, title: 'Cam 1', address: 'Lenina 12', domophoneid: 3, monitorid: null })!;

  it('matches on type, title and address', () => {
    expect(deviceMatches(row, { device_type: 1, title: 'Cam 1', address: 'Lenina 12' })).toBe(true);
    expect(deviceMatches(row, { device_type: 2, title: 'Cam 1', address: 'Lenina 12' })).toBe(false);
    expect(deviceMatches(row, { device_type: 1, title: 'Cam 1', address: 'Lenina 14' })).toBe(false);
  });

  it('matches on a set domophoneid or monitorid whatever else differs', () => {
    expect(deviceMatches(row, { device_type: 3, title: 'Other', domophoneid: 3 })).toBe(true);
    expect(deviceMatches(row, { device_type: 3, title: 'Other', domophoneid: 4 })).toBe(false);
  });

  it('never matches untitled devices without an address on the type alone', () => {
    const bare = readDevice({ device_id: 6, device_type: 1 })!;
    expect(deviceMatches(bare, { device_type: 1 })).toBe(false);
  });
});

describe('smartyard rights', () => {
  it('reads rights_list ids in order without repeats and maps them to our keys, #<id> for unknown ones', () => {
    const ids = rightsIds({ rights: [{ device_id: 2 }, { device_id: '1' }, { device_id: 2 }, { title: 'x' }, { device_id: 40 }] });
    expect(ids).toEqual([2, 1, 40]);
    const e = rightsEntity('yard', '1001', ids, ctx({ 'b-gate': '1', 'p1': '2' }));
    expect(e).toEqual({ target: 'yard', kind: 'rights', key: '1001', attrs: {}, sets: { devices: ['#40', 'b-gate', 'p1'] } });
    expect(unknownDeviceId('#40')).toBe(40);
    expect(unknownDeviceId('p1')).toBeUndefined();
  });

  it('reads a missing list as no rights', () => {
    expect(rightsIds({})).toEqual([]);
  });
});

describe('smartyard error text', () => {
  it('keeps the plain-text 422, the JSON message, and strips an HTML page', () => {
    expect(errorText('Ошибка запроса')).toBe('Ошибка запроса');
    expect(errorText('{"code":422,"message":"Не удалось получить данные","name":"Unprocessable Entity"}')).toBe('Не удалось получить данные');
    expect(errorText('{"error":"пользователь не найден"}')).toBe('пользователь не найден');
    expect(errorText('<!doctype html><title>500 Internal Server Error</title><h1>Internal Server Error</h1>')).toBe('500 Internal Server Error Internal Server Error');
  });
});

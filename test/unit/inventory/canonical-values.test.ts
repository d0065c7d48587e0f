/**
 * Inventory values are declared the way the SmartYard server reads them back, so a refreshed plan
 * shows no drift for a value the server only reshaped.
 */
import { describe, expect, it } from 'vitest';
import { canonicalCoordinate, devicesOf } from '../../../src/targets/smartyard/inventory/expand.js';

describe('canonical inventory values', () => {
  it('rounds coordinates to the 9 decimals Numeric(12,9) keeps, in their shortest text', () => {
    expect(canonicalCoordinate(55.750)).toBe('55.75');
    expect(canonicalCoordinate(' 55.7500 ')).toBe('55.75');
    expect(canonicalCoordinate(55.1234567891)).toBe('55.123456789');
    expect(canonicalCoordinate('37.0000000004')).toBe('37');
    expect(canonicalCoordinate(undefined)).toBeNull();
    expect(canonicalCoordinate('north')).toBeNull();
  });

  it('declares a dtmf code as the integer the server keeps', () => {
    const [cam] = devicesOf('yard', 'cam', { type: 'camera', house: '1001', title: 'Подъезд 1', url: 'https://media.example/c', dtmf: '0012', latitude: 55.1234567891 });
    expect(cam?.attrs.dtmf).toBe('12');
    expect(cam?.attrs.latitude).toBe('55.123456789');
    const [plain] = devicesOf('yard', 'cam', { type: 'camera', house: '1001', title: 'Подъезд 1', url: 'https://media.example/c', dtmf: 7 });
    expect(plain?.attrs.dtmf).toBe('7');
  });
});

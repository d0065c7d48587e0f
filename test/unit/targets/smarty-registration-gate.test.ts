import { describe, expect, it } from 'vitest';
import { RegistrationGate } from '../../../src/targets/smarty/registration-gate.js';

describe('smarty registration gate', () => {
  it('lets creates through until closed, then holds them for the back-off', async () => {
    let clock = 1000;
    const waits: number[] = [];
    const gate = new RegistrationGate(500, () => clock, async (ms) => {
      waits.push(ms);
      clock += ms;
    });
    await gate.ready();
    expect(waits).toEqual([]);
    gate.close();
    clock += 200;
    await gate.ready();
    expect(waits).toEqual([300]);
    expect(clock).toBe(1500);
    await gate.ready();
    expect(waits).toEqual([300]);
  });

  it('never shortens a hold when closed again', async () => {
    let clock = 0;
    const gate = new RegistrationGate(1000, () => clock, async (ms) => {
      clock += ms;
    });
    gate.close();
    clock = 900;
    gate.close();
    await gate.ready();
    expect(clock).toBe(1900);
  });
});

import { expect, it } from 'vitest';
import * as contracts from './index.ts';

const isContract = (value: unknown): value is contracts.EventContract =>
  typeof value === 'object' && value !== null && 'type' in value && 'topic' in value && 'data' in value;

it('registers every public event contract, so consumers validate what they receive', () => {
  const declared: contracts.EventContract[] = [];
  for (const value of Object.values(contracts) as unknown[]) if (isContract(value)) declared.push(value);
  expect(declared.length).toBeGreaterThan(10);
  for (const contract of declared) expect(contracts.eventContracts.get(contract.type), contract.type).toBe(contract);
});

it('names every event <service>.<what>.v<n> and puts it on its service topic', () => {
  for (const contract of contracts.eventContracts.values()) {
    expect(contract.type).toMatch(/^[a-z]+\.[a-z.-]+\.v\d+$/);
    expect(contract.topic).toBe(`${contract.type.split('.')[0]}.events.v1`);
  }
});

import { describe, expect, it } from 'vitest';
import { type Decider, decideMany } from './decider.ts';
import { isRejection, orThrow, Rejected, reject } from './rejection.ts';

type Counted = { type: 'Counted'; data: { by: number } };
type Count = { type: 'Count'; by: number };
const counter: Decider<Count, Counted, number> = {
  initialState: () => 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command, state) =>
    state + command.by > 10 ? reject('too-many', `${state} + ${command.by} is over 10`) : [{ type: 'Counted', data: { by: command.by } }],
};

describe('deciding many commands', () => {
  it('decides each command on the state the ones before it left', () => {
    const result = decideMany(
      counter,
      [
        { type: 'Count', by: 4 },
        { type: 'Count', by: 5 },
      ],
      0,
    );
    expect(result.state).toBe(9);
    expect(result.events).toEqual([
      { type: 'Counted', data: { by: 4 } },
      { type: 'Counted', data: { by: 5 } },
    ]);
  });

  it('leaves the state as it was after a rejection, so the next command is decided on it', () => {
    const result = decideMany(
      counter,
      [
        { type: 'Count', by: 8 },
        { type: 'Count', by: 5 },
        { type: 'Count', by: 2 },
      ],
      0,
    );
    expect(result.decisions.map(isRejection)).toEqual([false, true, false]);
    expect(result.decisions[1]).toMatchObject({ code: 'too-many', detail: '8 + 5 is over 10' });
    expect(result.state).toBe(10);
  });
});

describe('rejections', () => {
  it('are values until the edge, where orThrow raises them as Rejected', () => {
    expect(orThrow(counter.decide({ type: 'Count', by: 1 }, 0))).toHaveLength(1);
    expect(() => orThrow(counter.decide({ type: 'Count', by: 11 }, 0))).toThrow(Rejected);
  });

  it('carry the fields at fault only when there are some', () => {
    expect(reject('x', 'd')).toEqual({ rejected: true, code: 'x', detail: 'd' });
    expect(reject('x', 'd', [{ field: 'a', detail: 'b' }]).fields).toEqual([{ field: 'a', detail: 'b' }]);
  });
});

import { expect, it } from 'vitest';
import { parseMailbox } from './mailbox.ts';

it.each([
  [
    'Studieninstitut (Demo) <seminare@studieninstitut.example>',
    { name: 'Studieninstitut (Demo)', address: 'seminare@studieninstitut.example' },
  ],
  ['"Studieninstitut, Abt. 2" <a@b.example>', { name: 'Studieninstitut, Abt. 2', address: 'a@b.example' }],
  ['seminare@studieninstitut.example', { name: 'seminare@studieninstitut.example', address: 'seminare@studieninstitut.example' }],
  ['<seminare@studieninstitut.example>', { name: 'seminare@studieninstitut.example', address: 'seminare@studieninstitut.example' }],
  ['Studieninstitut', undefined],
])('reads %s', (value, expected) => {
  expect(parseMailbox(value)).toEqual(expected);
});

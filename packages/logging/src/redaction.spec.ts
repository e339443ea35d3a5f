import { describe, expect, it } from 'vitest';
import { createLogger, PERSONAL_FIELDS } from './index.ts';

/** What a logger wrote, line by line. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger('redaction-test', 'debug', { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join('') };
}

const person = {
  email: 'erika.mustermann@oldenburg.example',
  recipient: 'erika.mustermann@oldenburg.example',
  firstName: 'Erika',
  lastName: 'Mustermann',
  toName: 'Erika Mustermann',
  participant: { firstName: 'Erika', lastName: 'Mustermann', email: 'erika.mustermann@oldenburg.example' },
  invoiceEmail: 'rechnung@oldenburg.example',
  contactEmail: 'presse@oldenburg.example',
};
const personalValues = [
  'erika.mustermann@oldenburg.example',
  'Erika',
  'Mustermann',
  'rechnung@oldenburg.example',
  'presse@oldenburg.example',
];

describe('log redaction', () => {
  it('censors every personal field at the top of a log line and one level down, and keeps the rest', () => {
    const { logger, text } = capture();
    logger.info({ ...person, deliveryId: 'd-1' }, 'e-mail sent');
    logger.warn({ delivery: { ...person, id: 'd-2' }, registrationId: 'r-1' }, 'e-mail not sent; retrying');
    logger.error({ err: 'SMTP 550', mail: { recipient: person.recipient, toName: person.toName } }, 'e-mail rejected');
    const written = text();
    for (const value of personalValues) expect(written).not.toContain(value);
    expect(written.match(/\[redacted\]/g)?.length).toBe(PERSONAL_FIELDS.length * 2 + 2);
    for (const kept of ['d-1', 'd-2', 'r-1', 'SMTP 550', 'e-mail sent']) expect(written).toContain(kept);
  });

  it('names every personal field of the events and the delivery log', () => {
    expect(PERSONAL_FIELDS).toEqual(expect.arrayContaining(['email', 'recipient', 'firstName', 'lastName', 'participant']));
  });
});

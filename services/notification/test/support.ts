import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type DataOf, RegistrationConfirmed } from '@seminarwerk/contracts';
import { type ServiceUnderTest, type SmtpTestServer, startServiceUnderTest, startSmtpServer } from '@seminarwerk/testing';
import { loadConfig } from '../src/config.ts';
import type { Named } from '../src/mail/templates.ts';
import { startNotification } from '../src/main.ts';

export const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

export const institute = { name: 'Studieninstitut (Test)', address: 'seminare@studieninstitut.example' };

/** Notification against the run's PostgreSQL and Kafka, mailing to a test SMTP server of its own. */
export async function startNotificationWithSmtp(): Promise<{
  notification: ServiceUnderTest;
  smtp: SmtpTestServer;
  stop(): Promise<void>;
}> {
  const smtp = await startSmtpServer();
  const notification = await startServiceUnderTest('notification', (env) =>
    startNotification(loadConfig({ ...env, SMTP_URL: smtp.url, MAIL_FROM: `${institute.name} <${institute.address}>` })),
  );
  return {
    notification,
    smtp,
    async stop() {
      await notification.stop();
      await smtp.close();
    },
  };
}

/** A confirmation as registration publishes it, for an offering and a registration of its own (of a named person). */
export function confirmation(
  title: string,
  overrides: Partial<Named<DataOf<typeof RegistrationConfirmed>>> = {},
): Named<DataOf<typeof RegistrationConfirmed>> {
  const participant = overrides.participant ?? {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `ada.${randomUUID().slice(0, 8)}@example.org`,
  };
  const data = RegistrationConfirmed.data.parse({
    registrationId: randomUUID(),
    offeringId: randomUUID(),
    municipalityId: 'musterstadt',
    participant,
    bookedBy: { kind: 'municipality', municipalityId: 'musterstadt' },
    offering: {
      seminarId: randomUUID(),
      title,
      startsAt: '2027-03-01T08:00:00.000Z',
      endsAt: '2027-03-01T15:30:00.000Z',
      venue: 'Rathaus Musterstadt, Saal 2',
    },
    fee: { amountCents: 24_000, currency: 'EUR' },
    vat: 'exempt-4-22a',
    via: 'direct',
    confirmedAt: new Date().toISOString(),
    ...overrides,
  });
  return { ...data, participant };
}

/**
 * Reads an iCalendar file the way a calendar would: unfolds lines, checks that every BEGIN has
 * its END, and returns the properties of its VEVENT (name → value, parameters dropped).
 */
export function parseCalendar(ics: string): { method: string | undefined; event: Record<string, string> } {
  if (!ics.endsWith('\r\n')) throw new Error('the last line does not end with CRLF');
  const lines = ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .slice(0, -1);
  const open: string[] = [];
  const event: Record<string, string> = {};
  let method: string | undefined;
  for (const line of lines) {
    const colon = valueStart(line);
    if (colon < 1) throw new Error(`not a content line: ${line}`);
    const name = line.slice(0, colon).split(';')[0] as string;
    const value = line.slice(colon + 1);
    if (name === 'BEGIN') open.push(value);
    else if (name === 'END') {
      if (open.pop() !== value) throw new Error(`END:${value} without BEGIN`);
    } else if (open.at(-1) === 'VEVENT') event[name] = value;
    else if (name === 'METHOD') method = value;
  }
  if (open.length > 0 || lines[0] !== 'BEGIN:VCALENDAR') throw new Error('unbalanced calendar');
  return { method, event };
}

/** The colon that starts the value: the first one outside a quoted parameter value. */
function valueStart(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return i;
  }
  return -1;
}

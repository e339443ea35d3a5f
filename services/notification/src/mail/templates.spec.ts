import type { DataOf, RegistrationConfirmed } from '@seminarwerk/contracts';
import { describe, expect, it } from 'vitest';
import {
  cancellationMail,
  confirmationMail,
  invitationUid,
  type Named,
  rescheduleMail,
  substitutionMails,
  waitlistMail,
} from './templates.ts';

const institute = { name: 'Studieninstitut (Demo)', address: 'seminare@studieninstitut.example' };
const registrationId = '6f1c1d7e-3a3b-4d55-8a8e-2f1a8f6b9c01';
const facts = {
  registrationId,
  offeringId: '0d8c7a52-8d44-4a8e-9f3c-5b2f0e6a7b11',
  municipalityId: 'musterstadt',
  participant: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org' },
  bookedBy: { kind: 'municipality' as const, municipalityId: 'musterstadt' },
  offering: {
    seminarId: '9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    title: 'Vergaberecht kompakt',
    startsAt: '2027-03-01T08:00:00.000Z',
    endsAt: '2027-03-01T15:30:00.000Z',
    venue: 'Rathaus Musterstadt, Saal 2',
  },
};
const confirmed: Named<DataOf<typeof RegistrationConfirmed>> = {
  ...facts,
  fee: { amountCents: 24_000, currency: 'EUR' },
  vat: 'exempt-4-22a',
  via: 'direct',
  confirmedAt: '2026-11-26T10:00:00.000Z',
};
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('confirmation', () => {
  const mail = confirmationMail(confirmed, institute);

  it('confirms in German with the title, the date in local time and the venue', () => {
    expect(mail).toMatchObject({ template: 'registration-confirmed', subject: 'Anmeldebestätigung: Vergaberecht kompakt' });
    expect(mail.to).toEqual({ name: 'Ada Lovelace', address: 'ada@example.org' });
    expect(mail.text).toContain('Guten Tag Ada Lovelace,');
    expect(mail.text).toContain('Montag, 1. März 2027, 09:00 bis 16:30 Uhr'); // 08:00 UTC is 09:00 in Berlin in March
    expect(mail.text).toContain('Ort: Rathaus Musterstadt, Saal 2');
    expect(mail.text).toContain('Mit freundlichen Grüßen\nStudieninstitut (Demo)');
  });

  it('attaches a calendar invitation with a UID per registration', () => {
    expect(mail.attachments).toHaveLength(1);
    const [ics] = mail.attachments;
    expect(ics).toMatchObject({ filename: 'einladung.ics', contentType: 'text/calendar; method=REQUEST; charset=utf-8' });
    const content = unfold(ics?.content ?? '');
    expect(content).toContain('METHOD:REQUEST\r\n');
    expect(content).toContain(`UID:registration-${registrationId}@seminarwerk\r\n`);
    expect(content).toContain('SEQUENCE:0\r\n');
    expect(content).toContain('DTSTART:20270301T080000Z\r\n');
    expect(content).toContain('DTEND:20270301T153000Z\r\n');
    expect(content).toContain('SUMMARY:Vergaberecht kompakt\r\n');
    expect(content).toContain('LOCATION:Rathaus Musterstadt\\, Saal 2\r\n');
    expect(content).toContain('ORGANIZER;CN="Studieninstitut (Demo)":mailto:seminare@studieninstitut.example\r\n');
  });

  it('renders the same message every time, so a retry sends what was queued', () => {
    expect(confirmationMail(structuredClone(confirmed), institute)).toEqual(mail);
  });

  it('tells a participant promoted from the waiting list that they moved up', () => {
    const promoted = confirmationMail({ ...confirmed, via: 'waitlist' }, institute);
    expect(promoted.template).toBe('waitlist-promoted');
    expect(promoted.subject).toBe('Nachgerückt: Ihr Platz in Vergaberecht kompakt ist bestätigt');
    expect(promoted.text).toContain('von der Warteliste nachgerückt');
    expect(promoted.attachments[0]?.content).toContain(`UID:${invitationUid(registrationId)}`);
  });

  it('escapes the title in the HTML part', () => {
    const html = confirmationMail({ ...confirmed, offering: { ...confirmed.offering, title: 'A <b>&</b> B' } }, institute).html;
    expect(html).toContain('„A &lt;b&gt;&amp;&lt;/b&gt; B“');
    expect(html).not.toContain('<b>');
  });
});

describe('waiting list', () => {
  it('names the position and promises a confirmation once a seat frees up', () => {
    const mail = waitlistMail({ ...facts, position: 3, waitlistedAt: '2026-11-26T10:00:00.000Z' }, institute);
    expect(mail).toMatchObject({
      template: 'registration-waitlisted',
      subject: 'Warteliste: Vergaberecht kompakt (Platz 3)',
      attachments: [],
    });
    expect(mail.text).toContain('Sie stehen auf Platz 3.');
    expect(mail.text).toContain('noch nicht bestätigt');
  });
});

describe('cancellation', () => {
  const cancelledAt = '2026-12-01T09:00:00.000Z';
  const byParticipant = { reason: 'participant' as const, classification: { kind: 'free' as const, feePercent: 0 } };

  it('withdraws the invitation of a confirmed registration: same UID, METHOD:CANCEL, a SEQUENCE above the invitation', () => {
    const mail = cancellationMail({ ...facts, ...byParticipant, previousStatus: 'confirmed', cancelledAt }, institute);
    expect(mail).toMatchObject({ template: 'registration-cancelled', subject: 'Stornierung: Vergaberecht kompakt' });
    expect(mail.attachments).toHaveLength(1);
    const [ics] = mail.attachments;
    expect(ics).toMatchObject({ filename: 'absage.ics', contentType: 'text/calendar; method=CANCEL; charset=utf-8' });
    const content = unfold(ics?.content ?? '');
    expect(content).toContain('METHOD:CANCEL\r\n');
    expect(content).toContain(`UID:${invitationUid(registrationId)}\r\n`);
    expect(Number(/SEQUENCE:(\d+)\r\n/.exec(content)?.[1])).toBeGreaterThan(0);
    expect(content).toContain('STATUS:CANCELLED\r\n');
  });

  it('sends no calendar file to someone who was only on the waiting list', () => {
    const mail = cancellationMail({ ...facts, ...byParticipant, previousStatus: 'waitlisted', cancelledAt }, institute);
    expect(mail.attachments).toEqual([]);
    expect(mail.text).toContain('nicht mehr auf der Warteliste');
  });
});

it('tells everyone when the institute cancels the date, free of charge', () => {
  const mail = cancellationMail(
    {
      ...facts,
      reason: 'institute',
      classification: { kind: 'free', feePercent: 0 },
      previousStatus: 'confirmed',
      cancelledAt: '2026-12-01T09:00:00.000Z',
    },
    institute,
  );
  expect(mail.subject).toBe('Absage: Vergaberecht kompakt findet nicht statt');
  expect(mail.text).toContain('keine Kosten');
});

describe('rescheduling and substitutes', () => {
  const previous = { ...facts.offering, startsAt: '2027-01-10T08:00:00.000Z', endsAt: '2027-01-10T15:00:00.000Z' };
  const sequence = (ics: string | undefined) => Number(/SEQUENCE:(\d+)\r\n/.exec(unfold(ics ?? ''))?.[1]);

  it('sends a confirmed participant the updated invitation: same UID, a SEQUENCE that grows with each change', () => {
    const first = rescheduleMail({ ...facts, status: 'confirmed', previous, rescheduledAt: '2026-12-01T09:00:00.000Z' }, institute);
    const second = rescheduleMail({ ...facts, status: 'confirmed', previous, rescheduledAt: '2026-12-02T09:00:00.000Z' }, institute);
    expect(first.subject).toBe('Terminänderung: Vergaberecht kompakt');
    expect(unfold(first.attachments[0]?.content ?? '')).toContain(`UID:${invitationUid(registrationId)}\r\n`);
    expect(sequence(first.attachments[0]?.content)).toBeGreaterThan(0);
    expect(sequence(second.attachments[0]?.content)).toBeGreaterThan(sequence(first.attachments[0]?.content));
  });

  it('says what changed: the place alone, or only the access of an online date', () => {
    const sameDate = { ...facts.offering };
    const moved = rescheduleMail(
      {
        ...facts,
        status: 'confirmed',
        previous: { ...sameDate, venue: 'Rathaus Musterstadt, Saal 1' },
        rescheduledAt: '2026-12-01T09:00:00.000Z',
      },
      institute,
    );
    expect(moved.subject).toBe('Neuer Veranstaltungsort: Vergaberecht kompakt');
    expect(moved.text).toContain('Bisher: Rathaus Musterstadt, Saal 1.');
    const online = { ...facts, offering: { ...sameDate, venue: 'Online', onlineLink: 'https://meet.example/new' } };
    const access = rescheduleMail(
      {
        ...online,
        status: 'confirmed',
        previous: { ...online.offering, onlineLink: 'https://meet.example/old' },
        rescheduledAt: '2026-12-01T09:00:00.000Z',
      },
      institute,
    );
    expect(access.subject).toBe('Neue Zugangsdaten: Vergaberecht kompakt');
    expect(access.text).toContain('https://meet.example/new');
  });

  it('sends no invitation to a waitlisted participant of a moved date', () => {
    const mail = rescheduleMail({ ...facts, status: 'waitlisted', previous, rescheduledAt: '2026-12-01T09:00:00.000Z' }, institute);
    expect(mail.attachments).toEqual([]);
  });

  it('confirms the substitute with an invitation and withdraws the invitation of the person replaced', () => {
    const substitute = { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.org' };
    const [confirmed, replaced] = substitutionMails(
      { ...facts, participant: substitute, previous: facts.participant, substitutedAt: '2026-12-01T09:00:00.000Z' },
      institute,
    );
    expect(confirmed?.to.address).toBe('grace@example.org');
    expect(confirmed?.attachments[0]?.filename).toBe('einladung.ics');
    expect(replaced?.to.address).toBe(facts.participant.email);
    expect(unfold(replaced?.attachments[0]?.content ?? '')).toContain('METHOD:CANCEL\r\n');
  });
});

it('gives the meeting link of an online date to confirmed participants only', () => {
  const online = { ...facts, offering: { ...facts.offering, onlineLink: 'https://meet.example/abc' } };
  const confirmed = confirmationMail(
    { ...online, fee: { amountCents: 1, currency: 'EUR' }, vat: 'exempt-4-22a', via: 'direct', confirmedAt: '2026-12-01T09:00:00.000Z' },
    institute,
  );
  expect(confirmed.text).toContain('Zugang: https://meet.example/abc');
  expect(confirmed.attachments[0]?.content.replace(/\r\n[ \t]/g, '')).toContain('https://meet.example/abc');
  const waiting = waitlistMail({ ...online, position: 3, waitlistedAt: '2026-12-01T09:00:00.000Z' }, institute);
  expect(waiting.text).not.toContain('meet.example');
});

it('gives each registration its own calendar UID', () => {
  expect(invitationUid(registrationId)).toBe(invitationUid(registrationId));
  expect(invitationUid(registrationId)).not.toBe(invitationUid(facts.offeringId));
});

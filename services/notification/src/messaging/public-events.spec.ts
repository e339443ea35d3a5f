import { randomUUID } from 'node:crypto';
import {
  AttendanceRecorded,
  type CloudEvent,
  InvoicePaymentRecorded,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationRescheduled,
  RegistrationSubstituted,
} from '@seminarwerk/contracts';
import { describe, expect, it } from 'vitest';
import {
  attendanceEvents,
  cancelledEvents,
  confirmedEvents,
  derivedId,
  paymentEvents,
  rescheduledEvents,
  substitutedEvents,
} from './public-events.ts';

const offering = {
  seminarId: randomUUID(),
  title: 'Vergaberecht kompakt',
  startsAt: '2027-03-01T08:00:00.000Z',
  endsAt: '2027-03-01T15:30:00.000Z',
  venue: 'Rathaus Musterstadt, Saal 2',
  onlineLink: 'https://meet.example/geheim',
};
const facts = {
  registrationId: randomUUID(),
  offeringId: randomUUID(),
  municipalityId: 'musterstadt',
  participant: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@musterstadt.example' },
  bookedBy: { kind: 'back-office' as const, actor: 'key:internal' },
  offering,
};
const source = (id = randomUUID()): CloudEvent => ({
  specversion: '1.0',
  id,
  source: '/seminarwerk/registration',
  type: 'x',
  time: '2027-02-01T10:00:00.000Z',
  data: {},
});

describe('public events for partners', () => {
  it('say nothing internal: no booker, no meeting link', () => {
    const data = RegistrationConfirmed.data.parse({
      ...facts,
      fee: { amountCents: 100, currency: 'EUR' },
      vat: 'exempt-4-22a',
      via: 'direct',
      confirmedAt: '2027-02-01T10:00:00.000Z',
    });
    const [event] = confirmedEvents(data, source());
    const text = JSON.stringify(event?.payload);
    expect(text).not.toContain('key:internal');
    expect(text).not.toContain('meet.example');
    expect(text).not.toContain('amountCents');
  });

  it('map substitutions, attendance and payments to their types with the facts partners need', () => {
    const substituted = RegistrationSubstituted.data.parse({
      ...facts,
      previous: { firstName: 'Bea', lastName: 'Muster', email: 'bea@musterstadt.example' },
      substitutedAt: '2027-02-01T10:00:00.000Z',
    });
    expect(substitutedEvents(substituted, source())[0]?.payload).toMatchObject({
      type: 'registration.substituted',
      data: { id: facts.registrationId, participant: { firstName: 'Ada' }, previousParticipant: { firstName: 'Bea' } },
    });
    const attendance = AttendanceRecorded.data.parse({ ...facts, attended: false, recordedAt: '2027-03-01T16:00:00.000Z' });
    expect(attendanceEvents(attendance, source())[0]?.payload).toMatchObject({
      type: 'registration.attendance-recorded',
      data: { attended: false },
    });
    const payment = {
      invoiceId: randomUUID(),
      number: 'RE-2027-00001',
      municipalityId: 'musterstadt',
      paymentId: randomUUID(),
      amountCents: 100,
      paidOn: '2027-03-20',
      outstandingCents: 0,
    };
    expect(paymentEvents(InvoicePaymentRecorded.data.parse({ ...payment, status: 'partially-paid' }), source())).toEqual([]);
    expect(paymentEvents(InvoicePaymentRecorded.data.parse({ ...payment, status: 'paid' }), source())[0]).toMatchObject({
      type: 'invoice.paid',
      municipalityId: 'musterstadt',
      orderingKey: payment.invoiceId,
    });
  });

  it('tell a municipality once per change of a date, whichever of its registrations brings it', () => {
    const reschedule = randomUUID();
    const moved = (registrationId: string, municipalityId: string) =>
      rescheduledEvents(
        RegistrationRescheduled.data.parse({
          ...facts,
          registrationId,
          municipalityId,
          status: 'confirmed',
          previous: { ...offering, startsAt: '2027-02-01T08:00:00.000Z' },
          rescheduledAt: '2027-01-15T10:00:00.000Z',
        }),
        source(`${reschedule}.${registrationId}`),
      )[0];
    const [a1, a2, b] = [moved(randomUUID(), 'musterstadt'), moved(randomUUID(), 'musterstadt'), moved(randomUUID(), 'nachbarort')];
    expect(a1?.id).toBe(a2?.id);
    expect(b?.id).not.toBe(a1?.id);
    expect(a1?.payload).toMatchObject({
      type: 'offering.rescheduled',
      data: {
        id: facts.offeringId,
        status: 'published',
        previous: { startsAt: '2027-02-01T08:00:00.000Z' },
        municipalityId: 'musterstadt',
      },
    });
  });

  it('add one offering.cancelled per municipality to cancellations by the institute', () => {
    const cancelled = (registrationId: string) =>
      cancelledEvents(
        RegistrationCancelled.data.parse({
          ...facts,
          registrationId,
          previousStatus: 'confirmed',
          reason: 'institute',
          classification: { kind: 'free', feePercent: 0 },
          cancelledAt: '2027-02-01T10:00:00.000Z',
        }),
        source(),
      );
    const [first, second] = [cancelled(randomUUID()), cancelled(randomUUID())];
    expect(first.map((e) => e.type)).toEqual(['registration.cancelled', 'offering.cancelled']);
    expect(first[1]?.id).toBe(second[1]?.id);
    expect(first[1]?.id).toBe(derivedId(`offering.cancelled:${facts.offeringId}:musterstadt`));
    expect(derivedId('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

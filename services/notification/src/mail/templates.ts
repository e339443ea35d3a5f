import type { DataOf, RegistrationCancelled, RegistrationConfirmed, RegistrationWaitlisted } from '@seminarwerk/contracts';
import { calendarMessage } from '../calendar/ics.ts';
import type { Mailbox } from './mailbox.ts';
import { bodies, closing, fullName, greeting, quoted, when } from './wording.ts';

type Confirmed = DataOf<typeof RegistrationConfirmed>;
type Waitlisted = DataOf<typeof RegistrationWaitlisted>;
type Cancelled = DataOf<typeof RegistrationCancelled>;
type RegistrationFacts = Pick<Confirmed, 'registrationId' | 'participant' | 'offering'>;

/** Which message a delivery is; with the triggering event it makes a delivery unique. */
export type Template = 'registration-confirmed' | 'waitlist-promoted' | 'registration-waitlisted' | 'registration-cancelled';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface OutgoingMail {
  template: Template;
  to: Mailbox;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

/** One calendar entry per registration: every later message about it must use the same UID. */
export const invitationUid = (registrationId: string) => `registration-${registrationId}@seminarwerk`;

export function confirmationMail(data: Confirmed, institute: Mailbox): OutgoingMail {
  const { title } = data.offering;
  const promoted = data.via === 'waitlist';
  return {
    template: promoted ? 'waitlist-promoted' : 'registration-confirmed',
    to: recipient(data),
    subject: promoted ? `Nachgerückt: Ihr Platz in ${title} ist bestätigt` : `Anmeldebestätigung: ${title}`,
    ...bodies([
      greeting(data.participant),
      promoted
        ? `gute Nachricht: Für das Seminar ${quoted(title)} ist ein Platz frei geworden. Sie sind von der Warteliste nachgerückt, Ihre Teilnahme ist damit verbindlich bestätigt.`
        : `vielen Dank für Ihre Anmeldung. Ihre Teilnahme am Seminar ${quoted(title)} ist verbindlich bestätigt.`,
      details(data),
      'Im Anhang finden Sie eine Kalendereinladung (einladung.ics), mit der Sie den Termin in Ihren Kalender übernehmen können.',
      'Sollten Sie verhindert sein, melden Sie sich bitte rechtzeitig ab, damit wir den Platz weitergeben können.',
      closing(institute.name),
    ]),
    attachments: [invitation(data, institute, 'REQUEST', data.confirmedAt)],
  };
}

export function waitlistMail(data: Waitlisted, institute: Mailbox): OutgoingMail {
  const { title } = data.offering;
  return {
    template: 'registration-waitlisted',
    to: recipient(data),
    subject: `Warteliste: ${title} (Platz ${data.position})`,
    ...bodies([
      greeting(data.participant),
      `vielen Dank für Ihre Anmeldung zum Seminar ${quoted(title)}. Leider sind derzeit alle Plätze vergeben. Wir haben Sie daher auf die Warteliste gesetzt: Sie stehen auf Platz ${data.position}.`,
      details(data),
      'Sobald ein Platz frei wird, rücken Sie in der Reihenfolge der Warteliste nach. Sie erhalten dann eine Bestätigung mit Kalendereinladung. Bis dahin ist Ihre Teilnahme noch nicht bestätigt.',
      closing(institute.name),
    ]),
    attachments: [],
  };
}

export function cancellationMail(data: Cancelled, institute: Mailbox): OutgoingMail {
  const { title } = data.offering;
  const wasConfirmed = data.previousStatus === 'confirmed';
  return {
    template: 'registration-cancelled',
    to: recipient(data),
    subject: `Stornierung: ${title}`,
    ...bodies([
      greeting(data.participant),
      wasConfirmed
        ? `hiermit bestätigen wir die Stornierung Ihrer Anmeldung zum Seminar ${quoted(title)}.`
        : `hiermit bestätigen wir die Stornierung Ihrer Anmeldung zum Seminar ${quoted(title)}. Sie stehen damit nicht mehr auf der Warteliste.`,
      details(data),
      ...(wasConfirmed ? ['Mit der angehängten Absage (absage.ics) können Sie den Termin aus Ihrem Kalender entfernen.'] : []),
      'Wir würden uns freuen, Sie bei einer anderen Gelegenheit begrüßen zu dürfen.',
      closing(institute.name),
    ]),
    attachments: wasConfirmed ? [invitation(data, institute, 'CANCEL', data.cancelledAt)] : [],
  };
}

const recipient = (data: RegistrationFacts): Mailbox => ({ name: fullName(data.participant), address: data.participant.email });

const details = (data: RegistrationFacts) =>
  `Termin: ${when(data.offering)}\nOrt: ${data.offering.venue}\nIhre Anmeldenummer: ${data.registrationId}`;

function invitation(data: RegistrationFacts, institute: Mailbox, method: 'REQUEST' | 'CANCEL', decidedAt: string): MailAttachment {
  const content = calendarMessage({
    method,
    uid: invitationUid(data.registrationId),
    // The invitation is version 0; its cancellation must be higher or calendars ignore it.
    // (A reschedule notice will need the registration's last sequence, not a constant.)
    sequence: method === 'CANCEL' ? 1 : 0,
    stamp: new Date(decidedAt),
    start: new Date(data.offering.startsAt),
    end: new Date(data.offering.endsAt),
    summary: data.offering.title,
    location: data.offering.venue,
    description: `Ihre Anmeldenummer: ${data.registrationId}`,
    organizer: institute,
    attendee: recipient(data),
  });
  return {
    filename: method === 'CANCEL' ? 'absage.ics' : 'einladung.ics',
    contentType: `text/calendar; method=${method}; charset=utf-8`,
    content,
  };
}

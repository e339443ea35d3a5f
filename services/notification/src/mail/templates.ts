import {
  type DataOf,
  type EventParticipant,
  isErased,
  type Participant,
  type RegistrationCancelled,
  type RegistrationConfirmed,
  type RegistrationRescheduled,
  type RegistrationSubstituted,
  type RegistrationWaitlisted,
} from '@seminarwerk/contracts';
import { ANOTHER_PERSON, EMAIL_TEMPLATES } from '@seminarwerk/contracts/api';
import { writeCalendar } from '@seminarwerk/icalendar';
import type { Mailbox } from './mailbox.ts';
import { bodies, closing, fullName, greeting, quoted, when } from './wording.ts';

/** An event's data whose participant is a person (not erased): only such a one can be mailed. */
export type Named<T extends { participant: EventParticipant }> = T & { participant: Participant };

type Confirmed = Named<DataOf<typeof RegistrationConfirmed>>;
type Waitlisted = Named<DataOf<typeof RegistrationWaitlisted>>;
type Cancelled = Named<DataOf<typeof RegistrationCancelled>>;
type Rescheduled = Named<DataOf<typeof RegistrationRescheduled>>;
type Substituted = DataOf<typeof RegistrationSubstituted>;
type RegistrationFacts = Pick<Confirmed, 'registrationId' | 'participant' | 'offering'>;

/** The one mail `render` writes to the event's participant, or none when their data is erased: nobody to write to. */
export function toParticipant<T extends { participant: EventParticipant }>(
  data: T,
  render: (data: Named<T>) => OutgoingMail,
): OutgoingMail[] {
  const { participant } = data;
  return isErased(participant) ? [] : [render({ ...data, participant })];
}

/** How a mail names the other person of a substitution: by name, or not at all once their data is erased. */
const nameOf = (person: EventParticipant) => (isErased(person) ? ANOTHER_PERSON : fullName(person));

/**
 * Which message a delivery is; with the triggering event it makes a delivery unique. The list is also a
 * CHECK constraint on `deliveries.template`: a new template needs a migration (test/schema.test.ts compares).
 */
export const TEMPLATES = EMAIL_TEMPLATES;
export type Template = (typeof TEMPLATES)[number];

/**
 * An attachment as the delivery keeps it (JSON). Text (an .ics invitation) is kept as it is; a file that must
 * arrive byte for byte (an XRechnung, a PDF) is kept in base64, exactly as its event carried it, and says so in
 * `encoding`. Deliveries stored before `encoding` existed are all text.
 */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
  encoding?: 'base64';
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
      details(data, true),
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
  const byInstitute = data.reason === 'institute';
  return {
    template: 'registration-cancelled',
    to: recipient(data),
    subject: byInstitute ? `Absage: ${title} findet nicht statt` : `Stornierung: ${title}`,
    ...bodies([
      greeting(data.participant),
      byInstitute
        ? `leider müssen wir Ihnen mitteilen, dass das Seminar ${quoted(title)} nicht stattfinden kann. Ihre Anmeldung ist damit storniert; es entstehen Ihnen keine Kosten.`
        : wasConfirmed
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

/** What changed about a date, in the words of the mail: the date (and maybe the place), the place, or only the access. */
function changeOf(data: Rescheduled): { subject: string; line: string } {
  const { title, startsAt, endsAt, venue } = data.offering;
  const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);
  if (!sameInstant(startsAt, data.previous.startsAt) || !sameInstant(endsAt, data.previous.endsAt)) {
    const line = `das Seminar ${quoted(title)} findet zu einem neuen Termin statt. Bisher: ${when(data.previous)}, ${data.previous.venue}.`;
    return { subject: `Terminänderung: ${title}`, line };
  }
  if (venue !== data.previous.venue) {
    return {
      subject: `Neuer Veranstaltungsort: ${title}`,
      line: `das Seminar ${quoted(title)} findet am selben Termin an einem anderen Ort statt. Bisher: ${data.previous.venue}.`,
    };
  }
  return { subject: `Neue Zugangsdaten: ${title}`, line: `für das Seminar ${quoted(title)} gelten neue Zugangsdaten.` };
}

/** The date or place moved: confirmed participants get the updated invitation (same UID, higher SEQUENCE). */
export function rescheduleMail(data: Rescheduled, institute: Mailbox): OutgoingMail {
  const confirmed = data.status === 'confirmed';
  const change = changeOf(data);
  return {
    template: 'offering-rescheduled',
    to: recipient(data),
    subject: change.subject,
    ...bodies([
      greeting(data.participant),
      change.line,
      details(data, confirmed),
      confirmed
        ? 'Ihre Anmeldung bleibt bestehen. Die angehängte Kalendereinladung (einladung.ics) aktualisiert den Termin in Ihrem Kalender.'
        : 'Ihr Platz auf der Warteliste bleibt bestehen.',
      'Sollte Ihnen der neue Termin nicht passen, melden Sie sich bitte ab, damit wir den Platz weitergeben können.',
      closing(institute.name),
    ]),
    attachments: confirmed ? [invitation(data, institute, 'REQUEST', data.rescheduledAt, true)] : [],
  };
}

/**
 * The new person gets a confirmation with the invitation; the one replaced gets the calendar cancellation. A side whose
 * data is erased is mailed nothing, and the other side's mail does not name them.
 */
export function substitutionMails(data: Substituted, institute: Mailbox): OutgoingMail[] {
  const { title } = data.offering;
  const { participant, previous } = data;
  const mails: OutgoingMail[] = [];
  if (!isErased(participant)) {
    const substitute = { ...data, participant };
    mails.push({
      template: 'substitute-confirmed',
      to: recipient(substitute),
      subject: `Anmeldebestätigung: ${title}`,
      ...bodies([
        greeting(participant),
        `Sie nehmen als Ersatz für ${nameOf(previous)} am Seminar ${quoted(title)} teil. Ihre Teilnahme ist verbindlich bestätigt.`,
        details(substitute, true),
        'Im Anhang finden Sie eine Kalendereinladung (einladung.ics).',
        closing(institute.name),
      ]),
      attachments: [invitation(substitute, institute, 'REQUEST', data.substitutedAt)],
    });
  }
  if (!isErased(previous)) {
    const replaced = { ...data, participant: previous };
    mails.push({
      template: 'substitute-replaced',
      to: recipient(replaced),
      subject: `Ersatzteilnahme: ${title}`,
      ...bodies([
        greeting(previous),
        `Ihr Platz im Seminar ${quoted(title)} wurde auf ${nameOf(participant)} übertragen. Mit der angehängten Absage (absage.ics) können Sie den Termin aus Ihrem Kalender entfernen.`,
        closing(institute.name),
      ]),
      attachments: [invitation(replaced, institute, 'CANCEL', data.substitutedAt)],
    });
  }
  return mails;
}

const recipient = (data: RegistrationFacts): Mailbox => ({ name: fullName(data.participant), address: data.participant.email });

/** The meeting link of an online date goes to confirmed participants only (`withLink`). */
const details = (data: RegistrationFacts, withLink = false) =>
  [
    `Termin: ${when(data.offering)}`,
    `Ort: ${data.offering.venue}`,
    ...(withLink && data.offering.onlineLink ? [`Zugang: ${data.offering.onlineLink}`] : []),
    `Ihre Anmeldenummer: ${data.registrationId}`,
  ].join('\n');

function invitation(
  data: RegistrationFacts,
  institute: Mailbox,
  method: 'REQUEST' | 'CANCEL',
  decidedAt: string,
  update = method === 'CANCEL',
): MailAttachment {
  const content = writeCalendar({
    prodId: '-//Seminarwerk//Notification//DE',
    method,
    // One event for the whole offering: the registration events carry no sessions (days).
    events: [
      {
        uid: invitationUid(data.registrationId),
        sequence: update ? sequenceAt(decidedAt) : 0,
        stamp: new Date(decidedAt),
        start: new Date(data.offering.startsAt),
        end: new Date(data.offering.endsAt),
        summary: data.offering.title,
        location: data.offering.venue,
        description: [
          `Ihre Anmeldenummer: ${data.registrationId}`,
          ...(method === 'REQUEST' && data.offering.onlineLink ? [`Zugang: ${data.offering.onlineLink}`] : []),
        ].join('\n'),
        status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
        organizer: institute,
        attendee: recipient(data),
      },
    ],
  });
  return {
    filename: method === 'CANCEL' ? 'absage.ics' : 'einladung.ics',
    contentType: `text/calendar; method=${method}; charset=utf-8`,
    content,
  };
}

/**
 * SEQUENCE must grow with every change of a calendar entry or calendars ignore the update. A first
 * invitation is 0; every later message (update, cancellation) counts the seconds since 2026 at its
 * decision, which grows with each change without having to remember the last value sent (and fits
 * the 32-bit INTEGER of RFC 5545 until 2094).
 */
const sequenceAt = (decidedAt: string) => Math.floor((Date.parse(decidedAt) - Date.UTC(2026, 0, 1)) / 1000);

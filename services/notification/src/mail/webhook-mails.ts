import type { Mailbox } from './mailbox.ts';
import type { OutgoingMail } from './templates.ts';
import { bodies, closing } from './wording.ts';

export interface DisabledSubscription {
  id: string;
  url: string;
  reason: 'gone' | 'failing';
  failingSince: Date;
  /** The last answer, e.g. "HTTP 410" or "timeout after 10000 ms". */
  lastFailure: string;
}

const berlinTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'long', timeStyle: 'short' });

/**
 * Tells a municipality (or, for a subscription of all municipalities, the institute) that its webhook endpoint gets
 * nothing more until someone asks for redelivery; the event feed keeps what it missed.
 */
export function webhookDisabledMail(to: Mailbox, subscription: DisabledSubscription, institute: Mailbox): OutgoingMail {
  const why =
    subscription.reason === 'gone'
      ? 'Ihr Endpunkt hat mit „410 Gone“ geantwortet, also mitgeteilt, dass er keine Ereignisse mehr annimmt.'
      : `Seit ${berlinTime.format(subscription.failingSince)} Uhr ist keine Zustellung an Ihren Endpunkt gelungen.`;
  return {
    template: 'webhook-disabled',
    to,
    subject: 'Webhook-Abonnement deaktiviert',
    ...bodies([
      'Sehr geehrte Damen und Herren,',
      `wir haben Ihr Webhook-Abonnement deaktiviert und senden keine Ereignisse mehr dorthin. ${why}`,
      [`Abonnement: ${subscription.id}`, `Adresse: ${subscription.url}`, `Letzte Antwort: ${subscription.lastFailure}`].join('\n'),
      'Sobald Ihr Endpunkt wieder erreichbar ist, fordern Sie die Zustellung erneut an (POST /v1/webhook-subscriptions/{id}/redeliver): ' +
        'damit ist das Abonnement wieder aktiv. Was in der Zwischenzeit geschehen ist, finden Sie im Ereignis-Feed (GET /v1/events).',
      closing(institute.name),
    ]),
    attachments: [],
  };
}

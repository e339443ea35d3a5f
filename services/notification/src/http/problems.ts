import { rejectionProblems } from '@seminarwerk/http';
import type { WebhookRejectionCode } from '../app/webhook-subscriptions.ts';
import type { NotificationRejectionCode } from '../messaging/consumers.ts';

/** The one place notification's rejection codes become HTTP (`document-damaged` is only ever recorded in the inbox). */
export const notificationProblems = rejectionProblems<WebhookRejectionCode | NotificationRejectionCode>({
  'invalid-webhook-url': 400,
  'webhook-subscription-not-found': 404,
  'webhook-delivery-not-found': 404,
  'document-damaged': 422,
});

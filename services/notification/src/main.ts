import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { isEntryPoint, runUntilSignalled, startService } from '@seminarwerk/runtime';
import { contacts as municipalityContacts } from './app/contacts.ts';
import { deliveryLog, mailBodies } from './app/deliveries.ts';
import { erasures as participantErasures } from './app/erasures.ts';
import { eventFeed } from './app/event-feed.ts';
import { startMailSender } from './app/mail-sender.ts';
import { mailAttemptMetrics, queueMetrics, webhookAttemptMetrics } from './app/notification-metrics.ts';
import { DEVELOPMENT_SECRET_KEY, secretBox } from './app/secret-box.ts';
import { subjectData } from './app/subject-data.ts';
import { startWebhookSender } from './app/webhook-sender.ts';
import { webhookSubscriptions } from './app/webhook-subscriptions.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { notificationProblems } from './http/problems.ts';
import { notificationRoutes } from './http/routes.ts';
import { webhookRoutes } from './http/webhook-routes.ts';
import { parseMailbox } from './mail/mailbox.ts';
import { webhookDisabledMail } from './mail/webhook-mails.ts';
import { notificationConsumers } from './messaging/consumers.ts';
import type { Resolve } from './outbound/safe-post.ts';

const HOUR_MS = 3_600_000;

/** What a test may replace: the resolver of webhook hosts, and the jitter. Production uses the real ones. */
export interface NotificationOverrides {
  resolve?: Resolve;
  random?: () => number;
}

export async function startNotification(config: Config, overrides: NotificationOverrides = {}) {
  const institute = parseMailbox(config.MAIL_FROM);
  if (!institute) throw new Error('MAIL_FROM has no e-mail address');
  return startService({
    name: 'notification',
    config,
    migrations: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
    createDb,
    publishes: [],
    consumes: [Topics.registration, Topics.invoicing],
    rejections: notificationProblems,
    wire: (db, logger, metrics) => {
      if (config.WEBHOOK_SECRET_KEY === DEVELOPMENT_SECRET_KEY) {
        logger.warn('WEBHOOK_SECRET_KEY is not set: webhook secrets are sealed with the development key');
      }
      const deliveries = deliveryLog(db);
      const feed = eventFeed(db);
      const contacts = municipalityContacts(db);
      const erasures = participantErasures(db, logger.child({ component: 'erasures' }));
      const secrets = secretBox(config.WEBHOOK_SECRET_KEY);
      const target = { allowedHosts: config.WEBHOOK_ALLOWED_HOSTS };
      queueMetrics(metrics, db);
      const subscriptions = webhookSubscriptions(db, { secrets, target, graceMs: config.WEBHOOK_SECRET_GRACE_HOURS * HOUR_MS });
      const background = [
        startMailSender({
          databaseUrl: config.DATABASE_URL,
          smtpUrl: config.SMTP_URL,
          from: config.MAIL_FROM,
          logger: logger.child({ component: 'mail-sender' }),
          onAttempt: mailAttemptMetrics(metrics),
        }),
        startWebhookSender({
          db,
          databaseUrl: config.DATABASE_URL,
          logger: logger.child({ component: 'webhook-sender' }),
          secrets,
          outbound: { ...target, timeoutMs: config.WEBHOOK_TIMEOUT_MS, resolve: overrides.resolve },
          backoff: { initialMs: config.WEBHOOK_RETRY_INITIAL_MS, maxMs: config.WEBHOOK_RETRY_MAX_MS },
          retryForMs: config.WEBHOOK_RETRY_FOR_HOURS * HOUR_MS,
          disableAfterMs: config.WEBHOOK_DISABLE_AFTER_HOURS * HOUR_MS,
          lanes: config.WEBHOOK_SENDER_LANES,
          random: overrides.random,
          onAttempt: webhookAttemptMetrics(metrics),
          // The municipality's contact; for a subscription of all municipalities, or a municipality with no customer
          // record yet, the institute itself.
          onDisabled: async (tx, notice) => {
            const contact = notice.municipalityId ? await contacts.of(notice.municipalityId, tx) : null;
            const to = contact ? { name: contact.name, address: contact.email } : institute;
            const mail = webhookDisabledMail(to, { id: notice.subscriptionId, ...notice }, institute);
            const eventId = `webhook-disabled:${notice.subscriptionId}:${notice.disabledAt.toISOString()}`;
            await deliveries.schedule(tx, { eventId }, mail);
          },
        }),
      ];
      return {
        consume: notificationConsumers({ deliveries, feed, contacts, erasures, institute }),
        routes: (app) => {
          notificationRoutes(app, { deliveries, aboutSubject: subjectData(db), erasures });
          webhookRoutes(app, subscriptions, feed);
        },
        background: { stop: async () => void (await Promise.all(background.map((b) => b.stop()))) },
        retention: [
          mailBodies(db, config.MAIL_BODY_RETENTION_DAYS),
          { category: 'event feed (webhook payloads)', days: config.EVENT_FEED_RETENTION_DAYS, purge: (cutoff) => feed.purge(cutoff) },
        ],
      };
    },
  });
}

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startNotification(config), createLogger('notification', config.LOG_LEVEL));
}

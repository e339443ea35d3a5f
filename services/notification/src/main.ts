import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { isEntryPoint, runUntilSignalled, startService } from '@seminarwerk/runtime';
import { deliveryLog } from './app/deliveries.ts';
import { startMailSender } from './app/mail-sender.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { notificationRoutes } from './http/routes.ts';
import { parseMailbox } from './mail/mailbox.ts';
import { notificationConsumers } from './messaging/consumers.ts';

export async function startNotification(config: Config) {
  const institute = parseMailbox(config.MAIL_FROM);
  if (!institute) throw new Error('MAIL_FROM has no e-mail address');
  return startService({
    name: 'notification',
    config,
    migrations: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
    createDb,
    publishes: [],
    consumes: [Topics.registration, Topics.invoicing],
    wire: (db, logger) => {
      const deliveries = deliveryLog(db);
      return {
        consume: notificationConsumers(deliveries, institute),
        routes: (app) => notificationRoutes(app, deliveries),
        background: startMailSender({
          db,
          databaseUrl: config.DATABASE_URL,
          smtpUrl: config.SMTP_URL,
          from: config.MAIL_FROM,
          logger: logger.child({ component: 'mail-sender' }),
        }),
      };
    },
  });
}

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startNotification(config), createLogger('notification', config.LOG_LEVEL));
}

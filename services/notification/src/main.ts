import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createApp, startServer } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { isEntryPoint, type RunningService, runUntilSignalled, startEventPlumbing } from '@seminarwerk/runtime';
import { deliveryLog } from './app/deliveries.ts';
import { startMailSender } from './app/mail-sender.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { notificationRoutes } from './http/routes.ts';
import { parseMailbox } from './mail/mailbox.ts';
import { CONSUMER, notificationHandlers } from './messaging/consumers.ts';

const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

export async function startNotification(config: Config): Promise<RunningService> {
  const logger = createLogger('notification', config.LOG_LEVEL);
  const institute = parseMailbox(config.MAIL_FROM);
  if (!institute) throw new Error('MAIL_FROM has no e-mail address');
  await migrate(config.DATABASE_URL, migrations);
  const db = createDb(config.DATABASE_URL);
  const deliveries = deliveryLog(db);
  const plumbing = await startEventPlumbing({
    service: CONSUMER,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    logger,
    namespace: config.KAFKA_NAMESPACE,
    publishes: [],
    consumes: { topics: [Topics.registration], handlers: notificationHandlers(db, deliveries, institute) },
  });
  const mailSender = startMailSender({
    db,
    databaseUrl: config.DATABASE_URL,
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    logger: logger.child({ component: 'mail-sender' }),
  });
  const app = createApp({
    service: 'notification',
    logger,
    readiness: { database: () => db.$queryRaw`SELECT 1`, kafka: plumbing.kafkaReady },
  });
  notificationRoutes(app, deliveries);
  const server = await startServer(app, config.PORT, config.HOST);
  return {
    url: server.url,
    async stop() {
      await server.close();
      await plumbing.stop();
      await mailSender.stop();
      await db.$disconnect();
    },
  };
}

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startNotification(config), createLogger('notification', config.LOG_LEVEL));
}

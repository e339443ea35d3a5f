// `npm run infra:up`: the development Kafka (127.0.0.1:9092, data in .seminarwerk/kafka) and PostgreSQL.
// The broker keeps running after this script ends; stop it with `npm run infra:down`.
import { brokerRunning, DEV_KAFKA, startBroker } from './kafka/broker.mjs';
import { DEFAULT_ADMIN_URL, ensurePostgres } from './postgres.mjs';

const log = (message) => console.log(`[infra] ${message}`);

await ensurePostgres(DEFAULT_ADMIN_URL);
log(`PostgreSQL ready at ${DEFAULT_ADMIN_URL}`);
if (brokerRunning(DEV_KAFKA.dataDir)) {
  log(`Kafka already running at 127.0.0.1:${DEV_KAFKA.port}`);
} else {
  await startBroker({ ...DEV_KAFKA, log });
}

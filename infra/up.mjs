// `npm run infra:up`: the development Kafka (127.0.0.1:9092, data in .seminarwerk/kafka), PostgreSQL and the
// XRechnung validator (127.0.0.1:8081). Broker and validator keep running after this script ends; stop them with
// `npm run infra:down`. Tests and `npm start` use them with KAFKA_BROKERS, DATABASE_URL and VALIDATOR_URL.
import { brokerRunning, DEV_KAFKA, startBroker } from './kafka/broker.mjs';
import { DEFAULT_ADMIN_URL, ensurePostgres } from './postgres.mjs';
import { DEV_VALIDATOR, runningValidator, startValidator } from './validator/validator.mjs';

const log = (message) => console.log(`[infra] ${message}`);

await ensurePostgres(DEFAULT_ADMIN_URL);
log(`PostgreSQL ready at ${DEFAULT_ADMIN_URL}`);
// Both JVMs start at the same time.
async function kafka() {
  if (brokerRunning(DEV_KAFKA.dataDir)) log(`Kafka already running at 127.0.0.1:${DEV_KAFKA.port}`);
  else await startBroker({ ...DEV_KAFKA, log });
}
async function validator() {
  const running = runningValidator(DEV_VALIDATOR.dataDir);
  if (running) log(`XRechnung validator already running at ${running}`);
  return running ?? (await startValidator({ ...DEV_VALIDATOR, log })).url;
}
const [, validatorUrl] = await Promise.all([kafka(), validator()]);
log(`for tests: export KAFKA_BROKERS=127.0.0.1:${DEV_KAFKA.port} DATABASE_URL=${DEFAULT_ADMIN_URL} VALIDATOR_URL=${validatorUrl}`);

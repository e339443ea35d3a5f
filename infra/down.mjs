// `npm run infra:down`: stops the development Kafka started by infra/up.mjs (its data stays).
// PostgreSQL is the machine's own service and keeps running.
import { DEV_KAFKA, stopBroker } from './kafka/broker.mjs';

await stopBroker(DEV_KAFKA.dataDir);
console.log('[infra] Kafka stopped');

// `npm run infra:down`: stops the development Kafka (its data stays) and XRechnung validator started by infra/up.mjs.
// PostgreSQL is the machine's own service and keeps running.
import { DEV_KAFKA, stopBroker } from './kafka/broker.mjs';
import { DEV_VALIDATOR, stopValidator } from './validator/validator.mjs';

await Promise.all([stopBroker(DEV_KAFKA.dataDir), stopValidator(DEV_VALIDATOR.dataDir)]);
console.log('[infra] Kafka and XRechnung validator stopped');

import { provided } from './context.ts';
import { restartLocalKafka } from './infrastructure.ts';

/** True when the broker was started by this test run on this machine, so a test may crash it. */
export function canRestartKafka(): boolean {
  return provided('infraSource') === 'local';
}

/**
 * Crashes the local broker (SIGKILL) and starts it again on the same ports and data dir.
 * Works inside a test worker; the global teardown still stops the new process via the pid file,
 * and it still belongs to the vitest main process (ownerPid), not to this short-lived worker.
 */
export async function restartKafka(): Promise<void> {
  const dataDir = provided('kafkaDataDir');
  const port = provided('kafkaPort');
  const controllerPort = provided('kafkaControllerPort');
  const ownerPid = provided('kafkaOwnerPid');
  if (!canRestartKafka() || dataDir === null || port === null || controllerPort === null || ownerPid === null) {
    throw new Error(`cannot restart Kafka from the '${provided('infraSource')}' source; guard with canRestartKafka()`);
  }
  await restartLocalKafka({ dataDir, port, controllerPort, ownerPid });
}

import { commonConfig, kafkaConfig, parseConfig } from '@seminarwerk/runtime';
import { z } from 'zod';
import { OFFERING_QUEUE } from './app/offering-handler.ts';

const shape = {
  ...commonConfig('registration', 3002),
  ...kafkaConfig,
  /** How many requests may wait per offering in this process; the next is answered 503 `offering-busy` (decisions.md 106). */
  OFFERING_QUEUE_MAX: z.coerce.number().int().min(1).default(OFFERING_QUEUE.maxQueued),
  /** A request that waited longer than this for its offering's turn is answered 503 `offering-busy`, not decided late. */
  OFFERING_QUEUE_MAX_WAIT_MS: z.coerce.number().int().min(1).default(OFFERING_QUEUE.maxWaitMs),
  /**
   * How long after a date ended its participants' names and addresses are kept (docs/privacy.md): certificates of
   * attendance are asked for and corrected in that time; the municipality keeps its staff's training history itself.
   */
  PARTICIPANT_RETENTION_MONTHS: z.coerce.number().int().min(1).default(24),
};

/** The one place environment variables are read. */
export const loadConfig = (env: Record<string, string | undefined> = process.env) => parseConfig('registration', shape, env);
export type Config = ReturnType<typeof loadConfig>;

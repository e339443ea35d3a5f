import { commonConfig, kafkaConfig, parseConfig } from '@seminarwerk/runtime';

const shape = { ...commonConfig('invoicing', 3003), ...kafkaConfig };

/** The one place environment variables are read. */
export const loadConfig = (env: Record<string, string | undefined> = process.env) => parseConfig('invoicing', shape, env);
export type Config = ReturnType<typeof loadConfig>;

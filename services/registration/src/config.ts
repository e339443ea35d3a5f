import { commonConfig, kafkaConfig, parseConfig } from '@seminarwerk/runtime';

const shape = { ...commonConfig('registration', 3002), ...kafkaConfig };

/** The one place environment variables are read. */
export const loadConfig = (env: Record<string, string | undefined> = process.env) => parseConfig('registration', shape, env);
export type Config = ReturnType<typeof loadConfig>;

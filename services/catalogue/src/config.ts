import { commonConfig, kafkaConfig, parseConfig } from '@seminarwerk/runtime';

const shape = { ...commonConfig('catalogue', 3001), ...kafkaConfig };

/** The one place environment variables are read. */
export const loadConfig = (env: Record<string, string | undefined> = process.env) => parseConfig('catalogue', shape, env);
export type Config = ReturnType<typeof loadConfig>;

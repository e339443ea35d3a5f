import { commonConfig, kafkaConfig, parseConfig } from '@seminarwerk/runtime';
import { z } from 'zod';
import { parseMailbox } from './mail/mailbox.ts';

const shape = {
  ...commonConfig('notification', 3004),
  ...kafkaConfig,
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).default('smtp://127.0.0.1:1025'),
  /** The sender of every message, and the ORGANIZER of calendar invitations. */
  MAIL_FROM: z
    .string()
    .refine((v) => parseMailbox(v) !== undefined, 'must be an address, optionally with a name: Name <address>')
    .default('Studieninstitut (Demo) <seminare@studieninstitut.example>'),
};

/** The one place environment variables are read. */
export const loadConfig = (env: Record<string, string | undefined> = process.env) => parseConfig('notification', shape, env);
export type Config = ReturnType<typeof loadConfig>;

/** The rush's SMTP server in a process of its own (child-process.ts): reports every mail it accepted. */
import { startSmtpServer } from '@seminarwerk/testing';
import { exitWithParent } from './child-process.ts';

export type MailSummary = { to: string[]; subject: string | undefined; receivedAt: number };
export type SmtpMessage = { type: 'ready'; url: string } | { type: 'mail'; mail: MailSummary };

exitWithParent();
const reply = (m: SmtpMessage) => process.send?.(m);
const server = await startSmtpServer({
  beforeAccept: async (message) => {
    reply({ type: 'mail', mail: { to: message.to, subject: message.subject, receivedAt: message.receivedAt.getTime() } });
  },
});
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
reply({ type: 'ready', url: server.url });

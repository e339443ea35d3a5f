/** The benchmark's side of the load generator and the SMTP server that run in processes of their own. */
import { startHelperProcess } from './child-process.ts';
import type { LoadOptions, LoadResult } from './load.ts';
import type { LoadMessage, LoadRequest } from './load-process.ts';
import type { MailSummary, SmtpMessage } from './smtp-process.ts';

export type { MailSummary };

export interface LoadGenerator {
  pid: number;
  rush(options: LoadOptions): Promise<LoadResult>;
  stop(): Promise<void>;
}

export function startLoadGenerator(): LoadGenerator {
  const helper = startHelperProcess('./load-process.ts');
  return {
    pid: helper.pid,
    rush: ({ onProgress, ...options }) =>
      new Promise<LoadResult>((resolve, reject) => {
        const off = helper.on((raw) => {
          const message = raw as LoadMessage;
          if (message.type === 'progress') onProgress?.(message.done);
          if (message.type === 'failed') {
            off();
            reject(new Error(`load generator: ${message.message}`));
          }
          if (message.type === 'result') {
            off();
            resolve({ ...message.result, errorMessages: new Map(message.result.errorMessages) });
          }
        });
        helper.send({ type: 'run', options } satisfies LoadRequest);
      }),
    stop: () => helper.stop(),
  };
}

export interface MailReceiver {
  pid: number;
  url: string;
  mails: MailSummary[];
  /** The matching mails once `count` arrived; what arrived so far when `timeoutMs` passed. */
  waitFor(
    predicate: (mail: MailSummary) => boolean,
    count: number,
    timeoutMs: number,
  ): Promise<{ mails: MailSummary[]; complete: boolean }>;
  stop(): Promise<void>;
}

export async function startMailReceiver(): Promise<MailReceiver> {
  const helper = startHelperProcess('./smtp-process.ts');
  const mails: MailSummary[] = [];
  const waiters = new Set<(mail: MailSummary) => void>();
  const url = await new Promise<string>((resolve, reject) => {
    helper.child.once('exit', (code) => reject(new Error(`the SMTP server process ended (${code}) before it was ready`)));
    helper.on((raw) => {
      const message = raw as SmtpMessage;
      if (message.type === 'ready') resolve(message.url);
      if (message.type === 'mail') {
        mails.push(message.mail);
        for (const waiter of waiters) waiter(message.mail);
      }
    });
  });
  return {
    pid: helper.pid,
    url,
    mails,
    waitFor: (predicate, count, timeoutMs) =>
      new Promise((resolve) => {
        const matching = mails.filter(predicate);
        const finish = () => {
          waiters.delete(onMail);
          clearTimeout(timer);
          resolve({ mails: matching, complete: matching.length >= count });
        };
        const onMail = (mail: MailSummary) => {
          if (predicate(mail)) matching.push(mail);
          if (matching.length >= count) finish();
        };
        const timer = setTimeout(finish, timeoutMs);
        waiters.add(onMail);
        if (matching.length >= count) finish();
      }),
    stop: () => helper.stop(),
  };
}

import type { Readable } from 'node:stream';
import type { AddressObject } from 'mailparser';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedAttachment {
  filename: string | undefined;
  contentType: string;
  content: Buffer;
}

export interface ReceivedMessage {
  /** Sequence number within this server, starting at 1. */
  id: number;
  from: string | undefined;
  /** Addresses in the To header (the envelope recipients when there is none). */
  to: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  attachments: ReceivedAttachment[];
  messageId: string | undefined;
  /** Lower-case header names; repeated headers joined with newlines. */
  headers: Record<string, string>;
  envelope: { from: string | undefined; to: string[] };
  receivedAt: Date;
}

export interface WaitOptions {
  count?: number;
  timeoutMs?: number;
}

export interface SmtpTestServer {
  port: number;
  url: string;
  messages: ReceivedMessage[];
  /** Resolves with the matching messages once at least `count` (default 1) have arrived. */
  waitForMessages(predicate?: (message: ReceivedMessage) => boolean, options?: WaitOptions): Promise<ReceivedMessage[]>;
  /** Answers the next `n` messages with "451 temporary failure", to test retries. */
  failNext(n?: number): void;
  /** Answers the next `n` messages with "550 mailbox unavailable": refused for good, the delivery fails. */
  refuseNext(n?: number): void;
  close(): Promise<void>;
}

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) =>
    group.value.flatMap((address) => (address.address ? [address.address] : [])),
  );

export interface SmtpServerOptions {
  port?: number;
  host?: string;
  /**
   * Runs after a message is kept and before the server answers 250 to its DATA: what a test does here happens while
   * the sender waits for the acceptance (e.g. its database connections cut).
   */
  beforeAccept?: (message: ReceivedMessage) => Promise<void>;
}

/** A real SMTP server on a local port that keeps every parsed message in memory. No auth, no TLS. */
export async function startSmtpServer({ port = 0, host = '127.0.0.1', beforeAccept }: SmtpServerOptions = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMessage[] = [];
  const waiters = new Set<() => boolean>();
  let failures = 0;
  let refusals = 0;

  const receive = async (stream: Readable, envelopeFrom: string | undefined, envelopeTo: string[]) => {
    const parsed = await simpleParser(stream);
    const headers: Record<string, string> = {};
    for (const { key, line } of parsed.headerLines) {
      const value = line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
      headers[key] = headers[key] === undefined ? value : `${headers[key]}\n${value}`;
    }
    const to = addresses(parsed.to);
    const message: ReceivedMessage = {
      id: messages.length + 1,
      from: addresses(parsed.from)[0],
      to: to.length > 0 ? to : envelopeTo,
      subject: parsed.subject,
      text: parsed.text,
      html: parsed.html === false ? undefined : parsed.html,
      attachments: parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      messageId: parsed.messageId,
      headers,
      envelope: { from: envelopeFrom, to: envelopeTo },
      receivedAt: new Date(),
    };
    messages.push(message);
    for (const wake of waiters) wake();
    await beforeAccept?.(message);
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000, // do not wait 30 s for pooled client connections on close
    onData(stream, session, callback) {
      if (refusals > 0) {
        refusals -= 1;
        stream.on('end', () => callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 })));
        stream.resume();
        return;
      }
      if (failures > 0) {
        failures -= 1;
        stream.on('end', () => callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 })));
        stream.resume();
        return;
      }
      const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
      receive(
        stream,
        envelopeFrom,
        session.envelope.rcptTo.map((r) => r.address),
      ).then(
        () => callback(),
        (error: Error) => callback(error),
      );
    },
  });

  // A client that dies mid-conversation (a kill -9 of notification) resets its connection; that is the client's
  // business, not a reason for the test's mail server to crash.
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP server has no TCP address');

  return {
    port: address.port,
    url: `smtp://${host}:${address.port}`,
    messages,
    waitForMessages(predicate = () => true, { count = 1, timeoutMs = 10_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = messages.filter(predicate);
          if (matching.length < count) return false;
          done();
          resolve(matching);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `expected ${count} matching message(s) within ${timeoutMs} ms, got ${messages.filter(predicate).length} (of ${messages.length} received)`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        if (!check()) waiters.add(check);
      });
    },
    failNext(n = 1) {
      failures = n;
    },
    refuseNext(n = 1) {
      refusals = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

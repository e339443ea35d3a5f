import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { type SmtpTestServer, startSmtpServer } from '../src/smtp.ts';

describe('startSmtpServer', () => {
  let smtp: SmtpTestServer | undefined;
  afterEach(async () => {
    await smtp?.close();
  });

  it('receives a real mail with its attachment', async () => {
    smtp = await startSmtpServer();
    const transport = nodemailer.createTransport({ url: smtp.url });
    await transport.sendMail({
      from: 'seminare@example.org',
      to: 'ada@example.org',
      subject: 'Ihre Anmeldung',
      text: 'Willkommen',
      attachments: [{ filename: 'rechnung.pdf', content: Buffer.from('%PDF-1.4 fake'), contentType: 'application/pdf' }],
    });

    const [message] = await smtp.waitForMessages((m) => m.subject === 'Ihre Anmeldung');
    expect(message).toMatchObject({ from: 'seminare@example.org', to: ['ada@example.org'], subject: 'Ihre Anmeldung', text: 'Willkommen' });
    expect(message?.attachments).toHaveLength(1);
    expect(message?.attachments[0]).toMatchObject({ filename: 'rechnung.pdf', contentType: 'application/pdf' });
    expect(message?.attachments[0]?.content.toString()).toBe('%PDF-1.4 fake');
  });

  it('fails the next message with a temporary error when asked to', async () => {
    smtp = await startSmtpServer();
    const transport = nodemailer.createTransport({ url: smtp.url });
    const mail = { from: 'seminare@example.org', to: 'ada@example.org', subject: 'Retry me', text: 'x' };
    smtp.failNext(1);

    await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
    expect(smtp.messages).toHaveLength(0);

    await transport.sendMail(mail);
    expect(await smtp.waitForMessages((m) => m.subject === 'Retry me')).toHaveLength(1);
  });
});

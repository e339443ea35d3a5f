import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { type ReceivedMessage, startSmtpServer } from './smtp.ts';

export interface MailCatcher {
  smtpUrl: string;
  webUrl: string;
  close(): Promise<void>;
}

// Attachments are listed with their size; their bytes are served separately.
const summary = (message: ReceivedMessage) => ({
  ...message,
  attachments: message.attachments.map(({ content, ...attachment }, index) => ({
    ...attachment,
    size: content.length,
    url: `/api/messages/${message.id}/attachments/${index}`,
  })),
});

/** The development inbox for `npm start`: SMTP on smtpPort, a web page listing the mails on httpPort. */
export async function startMailCatcher({
  smtpPort = 1025,
  httpPort = 8025,
}: {
  smtpPort?: number;
  httpPort?: number;
} = {}): Promise<MailCatcher> {
  const smtp = await startSmtpServer({ port: smtpPort });
  const newestFirst = () => [...smtp.messages].reverse();
  const find = (id: string) => smtp.messages.find((message) => message.id === Number(id));

  const app = new Hono();
  app.get('/api/messages', (c) => c.json(newestFirst().map(summary)));
  app.get('/api/messages/:id', (c) => {
    const message = find(c.req.param('id'));
    return message ? c.json(summary(message)) : c.notFound();
  });
  app.get('/api/messages/:id/attachments/:index', (c) => {
    const attachment = find(c.req.param('id'))?.attachments[Number(c.req.param('index'))];
    if (!attachment) return c.notFound();
    return c.body(new Uint8Array(attachment.content), 200, {
      'content-type': attachment.contentType,
      'content-disposition': `inline; filename="${(attachment.filename ?? 'attachment').replace(/["\\\r\n]/g, '_')}"`,
    });
  });
  app.get('/', (c) =>
    c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mail catcher</title>
<style>body{font-family:sans-serif;margin:2rem}td,th{padding:.3rem .8rem;text-align:left;border-bottom:1px solid #ddd}</style></head>
<body><h1>Mail catcher</h1><p>${smtp.messages.length} message(s) received on ${smtp.url}. Reload for new mail.</p>
<table><tr><th>Received</th><th>To</th><th>Subject</th><th>Attachments</th><th></th></tr>
${newestFirst().map(
  (m) => html`<tr><td>${m.receivedAt.toISOString()}</td><td>${m.to.join(', ')}</td><td>${m.subject ?? ''}</td>
<td>${m.attachments.map((a, i) => html`<a href="/api/messages/${m.id}/attachments/${i}">${a.filename ?? `attachment ${i + 1}`}</a> `)}</td>
<td><a href="/api/messages/${m.id}">JSON</a></td></tr>`,
)}
</table></body></html>`),
  );

  const http = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: httpPort, hostname: '127.0.0.1' }, () => resolve(server));
    server.once('error', reject);
  }).catch(async (error) => {
    await smtp.close();
    throw error;
  });
  const { port } = http.address() as AddressInfo;

  return {
    smtpUrl: smtp.url,
    webUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise((resolve) => http.close(resolve));
      await smtp.close();
    },
  };
}

import { randomUUID } from 'node:crypto';
import { InvoiceIssued, Topics } from '@seminarwerk/contracts';
import type { EmailDelivery, EmailDeliveryPage } from '@seminarwerk/contracts/api';
import { cloudEvent } from '@seminarwerk/messaging';
import { backOfficePrincipal, eventually, municipalityPrincipal, type ServiceUnderTest, type SmtpTestServer } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIssued } from './invoices.ts';
import { startNotificationWithSmtp } from './support.ts';

let smtp: SmtpTestServer;
let notification: ServiceUnderTest;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ notification, smtp, stop } = await startNotificationWithSmtp());
});
afterAll(() => stop?.());

type Json = Record<string, any>;
const staff = () => notification.as(backOfficePrincipal());
const log = (query: string) => staff().get<EmailDeliveryPage>(`/deliveries?${query}`);

/** An issued invoice mailed to its own address (XRechnung and PDF attached), and its delivery once sent. */
async function mailedInvoice() {
  const invoice = invoiceIssued(`RE-2027-${randomUUID().slice(0, 5)}`);
  const event = cloudEvent({
    type: InvoiceIssued.type,
    source: '/seminarwerk/invoicing',
    subject: invoice.invoiceId,
    time: new Date(),
    data: invoice,
  });
  await notification.publish([{ topic: Topics.invoicing, key: invoice.municipalityId, event }]);
  const [mail] = await smtp.waitForMessages((m) => m.to.includes(invoice.buyer.invoiceEmail), { timeoutMs: 30_000 });
  const delivery = await eventually(async () => {
    const [sent] = (await log(`invoiceId=${invoice.invoiceId}&status=sent`)).body.items;
    expect(sent).toBeDefined();
    return sent as EmailDelivery;
  });
  return { invoice, mail: mail!, delivery };
}

describe('resending an e-mail (back office)', () => {
  it('sends the same message again as a new delivery, and refuses a second while the first waits', async () => {
    const { invoice, mail, delivery } = await mailedInvoice();
    // The resend's first two attempts fail for a while (temporarily): it stays pending long enough to ask again.
    smtp.failNext(2);
    const [one, two] = await Promise.all([
      staff().post<Json>(`/deliveries/${delivery.id}/resend`),
      staff().post<Json>(`/deliveries/${delivery.id}/resend`),
    ]);
    const [created, refused] = one.status === 201 ? [one, two] : [two, one];
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      resendOf: delivery.id,
      status: 'pending',
      template: 'invoice-issued',
      triggerEventId: delivery.triggerEventId,
      invoiceId: invoice.invoiceId,
      recipient: delivery.recipient,
      subject: delivery.subject,
    });
    expect(created.body.messageId).not.toBe(delivery.messageId);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/resend-pending$/), pendingDeliveryId: created.body.id });
    // A resend of the resend is a resend of the message: refused the same way while it waits.
    expect((await staff().post<Json>(`/deliveries/${created.body.id}/resend`)).body.pendingDeliveryId).toBe(created.body.id);

    const [again] = await smtp.waitForMessages((m) => m.to.includes(invoice.buyer.invoiceEmail) && m.messageId !== mail.messageId, {
      timeoutMs: 30_000,
    });
    expect(again?.messageId).toBe(created.body.messageId);
    expect([again?.subject, again?.text, again?.html]).toEqual([mail.subject, mail.text, mail.html]);
    expect(again?.attachments.map((a) => [a.filename, a.contentType])).toEqual(mail.attachments.map((a) => [a.filename, a.contentType]));
    for (const [i, attachment] of (again?.attachments ?? []).entries()) {
      expect(attachment.content.equals(mail.attachments[i]!.content)).toBe(true);
    }

    // Sent: it may be sent once more, again naming the first delivery.
    await eventually(async () => expect((await log(`invoiceId=${invoice.invoiceId}&status=pending`)).body.items).toEqual([]));
    const third = await staff().post<Json>(`/deliveries/${created.body.id}/resend`);
    expect(third.status).toBe(201);
    expect(third.body.resendOf).toBe(delivery.id);
  });

  it('answers 404 for an unknown delivery and 403 to partners', async () => {
    const unknown = await staff().post<Json>(`/deliveries/${randomUUID()}/resend`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toMatch(/delivery-not-found$/);
    expect((await staff().post(`/deliveries/not-an-id/resend`)).status).toBe(404);
    expect((await notification.as(municipalityPrincipal('oldenburg')).post(`/deliveries/${randomUUID()}/resend`)).status).toBe(403);
  });
});

describe('the delivery log', () => {
  it('pages newest first and filters by status, template and time', async () => {
    const since = new Date().toISOString();
    const first = await mailedInvoice();
    const second = await mailedInvoice();
    const ours = [second.delivery.id, first.delivery.id];

    const page1 = await log(`since=${since}&template=invoice-issued&limit=1`);
    expect(page1.status).toBe(200);
    const page2 = await log(`since=${since}&template=invoice-issued&limit=1&cursor=${page1.body.nextCursor}`);
    expect([...page1.body.items, ...page2.body.items].map((d) => d.id)).toEqual(ours);
    expect(page2.body.nextCursor).toBeNull();

    expect((await log(`since=${since}&status=sent`)).body.items.map((d) => d.id)).toEqual(ours);
    expect((await log(`since=${since}&status=failed`)).body.items).toEqual([]);
    expect((await log(`since=${since}&template=registration-confirmed`)).body.items).toEqual([]);
    expect((await log(`since=${new Date(Date.now() + 60_000).toISOString()}`)).body.items).toEqual([]);
    expect((await log('template=no-such-template')).status).toBe(400);
    expect((await log('cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
  });
});

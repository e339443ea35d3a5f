import { randomUUID } from 'node:crypto';
import { type CloudEvent, CreditNoteIssued, InvoiceIssued, Topics } from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import {
  backOfficePrincipal,
  eventually,
  type ServiceUnderTest,
  type SmtpTestServer,
  startServiceUnderTest,
  startSmtpServer,
} from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../src/app/deliveries.ts';
import { loadConfig } from '../src/config.ts';
import { startNotification } from '../src/main.ts';
import { CONSUMER } from '../src/messaging/consumers.ts';
import { creditNoteIssued, documentsOf, invoiceIssued } from './invoices.ts';
import { institute } from './support.ts';

let smtp: SmtpTestServer;
let notification: ServiceUnderTest;

beforeAll(async () => {
  smtp = await startSmtpServer();
  notification = await startServiceUnderTest('notification', (env) =>
    startNotification(loadConfig({ ...env, SMTP_URL: smtp.url, MAIL_FROM: `${institute.name} <${institute.address}>` })),
  );
});

afterAll(async () => {
  await notification?.stop();
  await smtp?.close();
});

type Issued = ReturnType<typeof invoiceIssued>;
type CreditNote = ReturnType<typeof creditNoteIssued>;

/** Publishes as invoicing does; `key` keeps events in order (a sentinel on the same key comes after). */
async function publish(type: string, data: Issued | CreditNote, key: string, id: string = randomUUID()): Promise<CloudEvent> {
  const event = cloudEvent({ id, type, source: '/seminarwerk/invoicing', subject: data.invoiceId, time: new Date(), data });
  await notification.publish([{ topic: Topics.invoicing, key, event }]);
  return event;
}

const number = () => `RE-2027-${randomUUID().slice(0, 5)}`;
const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));
const arrivesAt = (address: string) => smtp.waitForMessages((m) => m.to.includes(address), { timeoutMs: 30_000 });

const deliveriesOf = (invoiceId: string) =>
  notification.as(backOfficePrincipal()).get<{ items: DeliveryRecord[] }>(`/deliveries?invoiceId=${invoiceId}`);

describe('an issued invoice', () => {
  it("arrives at the municipality's invoice address with the XRechnung byte-identical to the event's and the PDF", async () => {
    const invoice = invoiceIssued(number());
    const [xml, pdf] = invoice.documents;
    await publish(InvoiceIssued.type, invoice, invoice.municipalityId);

    const [mail] = await arrivesAt(invoice.buyer.invoiceEmail);
    expect(mail?.subject).toBe(`Rechnung ${invoice.number} des Studieninstituts`);
    expect(mail?.from).toBe(institute.address);
    expect(mail?.text).toContain(`Rechnung ${invoice.number} vom 17.02.2027 über 340,00`);
    expect(mail?.text).toContain('Zahlbar bis: 19.03.2027');
    expect(mail?.html).toContain(`Rechnung ${invoice.number}`);
    expect(mail?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${invoice.number}.xml`, 'application/xml'],
      [`${invoice.number}.pdf`, 'application/pdf'],
    ]);
    const [attachedXml, attachedPdf] = mail?.attachments ?? [];
    expect(attachedXml?.content.equals(Buffer.from(xml?.contentBase64 ?? '', 'base64'))).toBe(true);
    expect(attachedPdf?.content.equals(Buffer.from(pdf?.contentBase64 ?? '', 'base64'))).toBe(true);
  });

  it('is sent once when its event is delivered twice, and the delivery log lists it as sent', async () => {
    const invoice = invoiceIssued(number());
    const key = `municipality-${randomUUID()}`;
    const event = await publish(InvoiceIssued.type, invoice, key);
    await arrivesAt(invoice.buyer.invoiceEmail);
    await publish(InvoiceIssued.type, invoice, key, event.id);

    // Same key, same partition: once the sentinel is mailed, the redelivery before it was consumed.
    const sentinel = invoiceIssued(number());
    await publish(InvoiceIssued.type, sentinel, key);
    await arrivesAt(sentinel.buyer.invoiceEmail);

    expect(mailsTo(invoice.buyer.invoiceEmail)).toHaveLength(1);
    const [delivery] = await eventually(async () => {
      const { body } = await deliveriesOf(invoice.invoiceId);
      expect(body.items.map((d) => d.status)).toEqual(['sent']);
      return body.items;
    });
    expect(delivery).toMatchObject({
      triggerEventId: event.id,
      template: 'invoice-issued',
      invoiceId: invoice.invoiceId,
      registrationId: null,
      recipient: invoice.buyer.invoiceEmail,
      subject: `Rechnung ${invoice.number} des Studieninstituts`,
      attempts: 1,
    });
    expect(mailsTo(invoice.buyer.invoiceEmail)[0]?.messageId).toBe(delivery?.messageId);
  });

  it('is sent again after the SMTP server failed temporarily, once', async () => {
    const invoice = invoiceIssued(number());
    smtp.failNext(1);
    await publish(InvoiceIssued.type, invoice, invoice.municipalityId);
    const [mail] = await arrivesAt(invoice.buyer.invoiceEmail);
    const xml = Buffer.from(invoice.documents[0]?.contentBase64 ?? '', 'base64');
    expect(mail?.attachments[0]?.content.equals(xml)).toBe(true);
    const { body } = await eventually(async () => {
      const answer = await deliveriesOf(invoice.invoiceId);
      expect(answer.body.items.map((d) => d.status)).toEqual(['sent']);
      return answer;
    });
    expect(body.items[0]?.attempts).toBe(2);
    expect(mailsTo(invoice.buyer.invoiceEmail)).toHaveLength(1);
  });

  it('is not sent when a document does not match its SHA-256, and the refusal is recorded', async () => {
    const invoice = invoiceIssued(number());
    const [xml, pdf] = invoice.documents;
    const other = documentsOf('RE-0000-00000').documents[0];
    const damaged: Issued = {
      ...invoice,
      documents: [{ ...(xml as NonNullable<typeof xml>), contentBase64: other?.contentBase64 ?? '' }, pdf as NonNullable<typeof pdf>],
    };
    const event = await publish(InvoiceIssued.type, damaged, invoice.municipalityId);

    const inbox = await eventually(async () => {
      const { rows } = await notification.db.query(
        'SELECT outcome, rejection_code FROM processed_messages WHERE consumer = $1 AND event_id = $2',
        [CONSUMER, event.id],
      );
      if (!rows[0]) throw new Error('not processed yet');
      return rows[0];
    });
    expect(inbox).toEqual({ outcome: 'rejected', rejection_code: 'document-damaged' });
    const { rows } = await notification.db.query('SELECT count(*)::int AS n FROM deliveries WHERE trigger_event_id = $1', [event.id]);
    expect(rows[0].n).toBe(0);
  });
});

describe('a Stornorechnung', () => {
  it('arrives at the invoice address naming the invoice it cancels, with its own documents byte for byte', async () => {
    const creditNote = creditNoteIssued(number(), { invoiceId: randomUUID(), number: 'RE-2027-00001' });
    await publish(CreditNoteIssued.type, creditNote, creditNote.municipalityId);
    const [mail] = await arrivesAt(creditNote.buyer.invoiceEmail);
    expect(mail?.subject).toBe(`Stornorechnung ${creditNote.number} des Studieninstituts zur Rechnung RE-2027-00001`);
    expect(mail?.text).toContain('Sie storniert unsere Rechnung RE-2027-00001 vom 17.02.2027.');
    expect(mail?.attachments.map((a) => a.filename)).toEqual([`${creditNote.number}.xml`, `${creditNote.number}.pdf`]);
    for (const [i, document] of creditNote.documents.entries()) {
      expect(mail?.attachments[i]?.content.equals(Buffer.from(document.contentBase64, 'base64'))).toBe(true);
    }
    const { body } = await eventually(async () => {
      const answer = await deliveriesOf(creditNote.invoiceId);
      expect(answer.body.items.map((d) => [d.template, d.status])).toEqual([['credit-note-issued', 'sent']]);
      return answer;
    });
    expect(body.items[0]?.recipient).toBe(creditNote.buyer.invoiceEmail);
  });
});

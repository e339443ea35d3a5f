import { randomUUID } from 'node:crypto';
import {
  type DataOf,
  ParticipantErased,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationSubstituted,
} from '@seminarwerk/contracts';
import type { Invoice } from '@seminarwerk/contracts/api';
import { eventually, municipalityPrincipal } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backOffice,
  type Confirmed,
  cancelled,
  confirmed,
  customer,
  download,
  draftOf,
  type InvoicingUnderTest,
  invoicesOf,
  issue,
  publish,
  startInvoicingUnderTest,
  substituted,
} from './support.ts';

// DSGVO erasure (issue 14): registration.participant-erased.v1 blanks invoicing's copies of the person's name, except
// on issued invoices and credit notes, which the law keeps (docs/privacy.md, "Invoicing").

let invoicing: InvoicingUnderTest;

beforeAll(async () => {
  invoicing = await startInvoicingUnderTest();
});
afterAll(() => invoicing?.stop());

type Erasure = DataOf<typeof ParticipantErased>;

const erasureOf = (registration: Confirmed, overrides: Partial<Erasure> = {}): Erasure =>
  ParticipantErased.data.parse({
    registrationId: registration.registrationId,
    offeringId: registration.offeringId,
    municipalityId: registration.municipalityId,
    erasureId: randomUUID(),
    reason: 'request',
    leftAt: null,
    erasedAt: new Date().toISOString(),
    ...overrides,
  });

const confirmation = (municipalityId: string, offeringId?: string) => {
  const registration = confirmed(municipalityId, {
    ...(offeringId ? { offeringId } : {}),
    lastName: `Erasmus-${randomUUID().slice(0, 8)}`,
  });
  return { registration, name: `${registration.participant.firstName} ${registration.participant.lastName}` };
};

async function completed(erasureId: string, registrationIds: readonly string[]): Promise<boolean> {
  const response = await backOffice(invoicing).get<{ completed: boolean }>(
    `/privacy/erasures/${erasureId}?registrationIds=${registrationIds.join(',')}`,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.completed;
}

const untilCompleted = (erasureId: string, registrationIds: readonly string[]) =>
  eventually(async () => expect(await completed(erasureId, registrationIds)).toBe(true));

/** Every row of every table of invoicing's database, as text, with its table. */
async function dump(): Promise<{ table: string; row: string }[]> {
  const { rows: tables } = await invoicing.db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const rows: { table: string; row: string }[] = [];
  for (const { name } of tables) {
    const { rows: found } = await invoicing.db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
    rows.push(...found.map((r) => ({ table: name, row: r.row })));
  }
  return rows;
}
const naming = (rows: { table: string; row: string }[], name: string) => rows.filter((r) => r.row.includes(name));

async function positionOf(registrationId: string) {
  const { rows } = await invoicing.db.query<{ participant: string; status: string }>(
    'SELECT participant, status FROM positions WHERE registration_id = $1',
    [registrationId],
  );
  return rows[0];
}

async function positionEvents(registrationId: string) {
  const { rows } = await invoicing.db.query<{ type: string; data: Record<string, unknown> }>(
    'SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version',
    [`registration-invoice-${registrationId}`],
  );
  return rows;
}

describe('an erasure of a participant', () => {
  it('blanks the name everywhere but on issued invoices, leaves others alone, and is confirmed once handled', async () => {
    const municipality = await customer(invoicing);
    const anna = confirmation(municipality);
    const otto = confirmation(municipality, anna.registration.offeringId);
    const ilse = confirmation(municipality, anna.registration.offeringId);
    for (const { registration } of [anna, otto, ilse]) await publish(invoicing, RegistrationConfirmed, registration);
    const invoice = await issue(invoicing, (await draftOf(invoicing, ilse.registration.registrationId)).id);
    await draftOf(invoicing, anna.registration.registrationId);
    await draftOf(invoicing, otto.registration.registrationId);
    const pdfBefore = await download(invoicing, `/invoices/${invoice.id}/pdf`);

    const erasureId = randomUUID();
    const erased = [anna.registration.registrationId, ilse.registration.registrationId];
    expect(await completed(erasureId, erased)).toBe(false);
    await publish(invoicing, ParticipantErased, erasureOf(anna.registration, { erasureId }));
    await publish(invoicing, ParticipantErased, erasureOf(ilse.registration, { erasureId }));
    await untilCompleted(erasureId, erased);

    const rows = await dump();
    expect(naming(rows, anna.name)).toEqual([]);
    // Ilse is on an issued invoice: its row and events, and the position invoiced on it, keep her name.
    const keptIlse = naming(rows, ilse.name);
    expect(keptIlse.length).toBeGreaterThan(0);
    const ilsesId = ilse.registration.registrationId;
    const where = { invoices: invoice.number as string, positions: ilsesId } as Record<string, string>;
    for (const { table, row } of keptIlse) {
      if (table === 'events')
        expect(row.includes(`invoice-${invoice.id}`) || row.includes(`registration-invoice-${ilsesId}`), row).toBe(true);
      else expect(row, table).toContain(where[table] ?? 'nowhere else');
    }
    expect(await positionOf(ilse.registration.registrationId)).toEqual({ participant: ilse.name, status: 'invoiced' });
    const kept = await backOffice(invoicing).get<Invoice>(`/invoices/${invoice.id}`);
    expect(kept.body.lines.map((l) => l.participant)).toEqual([ilse.name]);
    expect((await download(invoicing, `/invoices/${invoice.id}/pdf`)).etag).toBe(pdfBefore.etag);
    // Another person of the same municipality and date is untouched.
    expect(naming(rows, otto.name).map((r) => r.table)).toEqual(expect.arrayContaining(['positions', 'events']));
    expect(await positionOf(otto.registration.registrationId)).toMatchObject({ participant: otto.name });

    expect(await positionOf(anna.registration.registrationId)).toEqual({ participant: '', status: 'open' });
    const draft = await draftOf(invoicing, anna.registration.registrationId);
    expect(draft.lines.map((l) => l.participant)).toEqual(['']);
    const receipts = await invoicing.db.query(
      'SELECT registration_id::text, reason, kept_on_documents FROM erasure_receipts WHERE erasure_id = $1 ORDER BY kept_on_documents',
      [erasureId],
    );
    expect(receipts.rows).toEqual([
      { registration_id: anna.registration.registrationId, reason: 'request', kept_on_documents: 0 },
      { registration_id: ilse.registration.registrationId, reason: 'request', kept_on_documents: 1 },
    ]);
  });

  it('of a person who handed the place on blanks only their name: the substitute stays', async () => {
    const municipality = await customer(invoicing);
    const anna = confirmation(municipality);
    await publish(invoicing, RegistrationConfirmed, anna.registration);
    await draftOf(invoicing, anna.registration.registrationId);
    const lastName = `Bauer-${randomUUID().slice(0, 8)}`;
    const handedOn = substituted(anna.registration, 'Bernd', lastName);
    const bernd = `Bernd ${lastName}`;
    await publish(invoicing, RegistrationSubstituted, handedOn);
    await eventually(async () => expect(await positionOf(anna.registration.registrationId)).toMatchObject({ participant: bernd }));

    const erasure = erasureOf(anna.registration, { leftAt: handedOn.substitutedAt });
    await publish(invoicing, ParticipantErased, erasure);
    await untilCompleted(erasure.erasureId as string, [anna.registration.registrationId]);

    const rows = await dump();
    expect(naming(rows, anna.name)).toEqual([]);
    expect(await positionOf(anna.registration.registrationId)).toMatchObject({ participant: bernd });
    expect((await positionEvents(anna.registration.registrationId)).map((e) => [e.type, e.data.participant, e.data.previous])).toEqual([
      ['PositionOpened', '', undefined],
      ['PositionRenamed', bernd, ''],
    ]);
    expect((await draftOf(invoicing, anna.registration.registrationId)).lines.map((l) => l.participant)).toEqual([bernd]);

    // The substitute's own erasure (they hold the place to the end) takes the rest.
    const berndsErasure = erasureOf(anna.registration);
    await publish(invoicing, ParticipantErased, berndsErasure);
    await untilCompleted(berndsErasure.erasureId as string, [anna.registration.registrationId]);
    expect(naming(await dump(), bernd)).toEqual([]);
    expect(await positionOf(anna.registration.registrationId)).toMatchObject({ participant: '' });
  });

  it('after a late cancellation of an invoiced registration blanks the credit note draft and the new draft: only the invoice keeps it', async () => {
    const municipality = await customer(invoicing);
    const ilse = confirmation(municipality);
    await publish(invoicing, RegistrationConfirmed, ilse.registration);
    const invoice = await issue(invoicing, (await draftOf(invoicing, ilse.registration.registrationId)).id);
    await publish(invoicing, RegistrationCancelled, cancelled(ilse.registration, 'late', 50));
    const unissued = await invoicesOf(
      invoicing,
      ilse.registration.registrationId,
      (all) => all.filter((i) => i.number === null).length === 2,
    );
    expect(unissued.filter((i) => i.number === null).flatMap((i) => i.lines.map((l) => l.participant))).toEqual([ilse.name, ilse.name]);

    const erasure = erasureOf(ilse.registration);
    await publish(invoicing, ParticipantErased, erasure);
    await untilCompleted(erasure.erasureId as string, [ilse.registration.registrationId]);

    for (const { table, row } of naming(await dump(), ilse.name)) {
      if (table === 'events') expect(row, table).toContain(`invoice-${invoice.id}`);
      else expect(row, table).toContain(invoice.number as string);
    }
    for (const draft of unissued.filter((i) => i.number === null)) {
      const issued = await issue(invoicing, draft.id);
      expect(issued.lines.map((l) => l.participant)).toEqual(['']);
      const { rows } = await invoicing.db.query(
        `SELECT convert_from(content, 'UTF8') AS xml FROM invoice_documents WHERE kind = 'xrechnung' AND invoice_id = $1`,
        [draft.id],
      );
      expect(rows[0].xml).not.toContain('Teilnehmende Person');
    }
    const receipt = await invoicing.db.query('SELECT kept_on_documents FROM erasure_receipts WHERE erasure_id = $1', [erasure.erasureId]);
    expect(receipt.rows).toEqual([{ kept_on_documents: 1 }]);
  });

  it('applied again (after a restore, with a new event id) blanks again and renews its receipt; one by retention has one too', async () => {
    const municipality = await customer(invoicing);
    const anna = confirmation(municipality);
    await publish(invoicing, RegistrationConfirmed, anna.registration);
    await draftOf(invoicing, anna.registration.registrationId);
    const erasure = erasureOf(anna.registration);
    await publish(invoicing, ParticipantErased, erasure);
    await untilCompleted(erasure.erasureId as string, [anna.registration.registrationId]);

    await publish(invoicing, ParticipantErased, erasure);
    const retention = erasureOf(anna.registration, { erasureId: null, reason: 'retention' });
    await publish(invoicing, ParticipantErased, retention);
    await publish(invoicing, ParticipantErased, retention);
    await eventually(async () => {
      const { rows } = await invoicing.db.query(
        `SELECT erasure_id::text, reason, reapplied_at IS NOT NULL AS reapplied FROM erasure_receipts
          WHERE registration_id = $1 ORDER BY reason`,
        [anna.registration.registrationId],
      );
      expect(rows).toEqual([
        { erasure_id: erasure.erasureId, reason: 'request', reapplied: true },
        { erasure_id: null, reason: 'retention', reapplied: true },
      ]);
    });
    expect(await completed(erasure.erasureId as string, [anna.registration.registrationId])).toBe(true);
    expect(naming(await dump(), anna.name)).toEqual([]);

    // The access export reads the blanked position and its events as they are.
    const subject = await backOffice(invoicing).get<{ positions: { participant: string }[]; events: unknown[] }>(
      `/privacy/subject?email=anna@example.org&registrationIds=${anna.registration.registrationId}`,
    );
    expect(subject.status).toBe(200);
    expect(subject.body.positions.map((p) => p.participant)).toEqual(['']);
    expect(subject.body.events.length).toBeGreaterThan(0);
  });
});

it('opens an unnamed position for a registration whose participant is erased', async () => {
  const municipality = await customer(invoicing);
  const registration = RegistrationConfirmed.data.parse({ ...confirmed(municipality), participant: { erased: true } });
  await publish(invoicing, RegistrationConfirmed, registration);
  const draft = await draftOf(invoicing, registration.registrationId);
  expect(draft.lines.map((l) => l.participant)).toEqual(['']);
  expect(await positionOf(registration.registrationId)).toEqual({ participant: '', status: 'open' });
});

describe('GET /privacy/erasures/:erasureId', () => {
  it('answers the back office only, and for no registrations that it is complete', async () => {
    const id = randomUUID();
    const municipality = await invoicing.as(municipalityPrincipal('oldenburg')).get(`/privacy/erasures/${id}?registrationIds=`);
    expect(municipality.status).toBe(403);
    expect((await invoicing.as().get(`/privacy/erasures/${id}`)).status).toBe(401);
    expect(await completed(id, [])).toBe(true);
    expect(await completed(id, [randomUUID()])).toBe(false);
    expect((await backOffice(invoicing).get(`/privacy/erasures/${id}?registrationIds=nope`)).status).toBe(400);
  });
});

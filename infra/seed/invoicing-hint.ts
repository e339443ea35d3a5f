import { type ApiClient, eventually } from '@seminarwerk/testing';

/**
 * How to issue and download an invoice, with curl, printed by `npm start` after seeding. Names a real draft when
 * invoicing has drafted one within a few seconds (it drafts from the demo registrations' events), else a placeholder.
 */
export async function invoicingHint(gatewayUrl: string, backOffice: ApiClient): Promise<string> {
  const draft = await eventually(
    async () => {
      const { status, body } = await backOffice.get<{ items: { id: string; municipalityId: string }[] }>(
        '/v1/invoices?status=draft&limit=1',
      );
      const first = status === 200 ? body.items[0] : undefined;
      if (!first) throw new Error('no draft yet');
      return first;
    },
    { timeoutMs: 20_000, intervalMs: 500 },
  ).catch(() => undefined);
  const id = draft?.id ?? '<invoice id>';
  const auth = '-H "Authorization: Bearer $BACK_OFFICE_KEY"';
  return [
    'Invoices: the demo registrations are drafted as invoices to their municipalities. Issue one and download it',
    '(BACK_OFFICE_KEY is the back-office key below):',
    `  curl -s ${auth} '${gatewayUrl}/v1/invoices?status=draft'`,
    `  curl -s -X POST ${auth} -H 'Idempotency-Key: issue-${id}' ${gatewayUrl}/v1/invoices/${id}/issue`,
    `  curl -s ${auth} -o rechnung.pdf ${gatewayUrl}/v1/invoices/${id}/pdf`,
    `  curl -s ${auth} -o rechnung.xml ${gatewayUrl}/v1/invoices/${id}/xrechnung`,
    'The e-mail to the municipality, with both files attached, arrives in the mail inbox.',
  ].join('\n');
}

import { checkConstraintValues, expectNoSchemaDrift } from '@seminarwerk/testing';
import { expect, it } from 'vitest';
import { createDb } from '../src/db.ts';
import { INVOICE_STATUSES } from '../src/domain/invoice.ts';
import { VAT_TREATMENTS } from '../src/domain/money.ts';

const migrations = new URL('../prisma/migrations', import.meta.url);

it('keeps schema.prisma and the SQL migrations in step', () => expectNoSchemaDrift(createDb, migrations));

it('allows in the enum-like columns exactly the values the domain knows', async () => {
  const allowed = await checkConstraintValues(migrations);
  expect(allowed.invoices_status_check).toEqual([...INVOICE_STATUSES].sort());
  expect(allowed.invoices_vat_check).toEqual([...VAT_TREATMENTS].sort());
});

import { ParticipantErased } from '@seminarwerk/contracts';
import { checkConstraintValues, expectNoSchemaDrift } from '@seminarwerk/testing';
import { expect, it } from 'vitest';
import { createDb } from '../src/db.ts';
import { BILLING_MODES } from '../src/domain/customer.ts';
import { CREDIT_PURPOSES, HOLD_REASONS, INVOICE_STATUSES, INVOICE_TYPES } from '../src/domain/invoice.ts';
import { VAT_TREATMENTS } from '../src/domain/money.ts';
import { CHARGE_KINDS, POSITION_STATUSES } from '../src/domain/position.ts';

const migrations = new URL('../prisma/migrations', import.meta.url);

it('keeps schema.prisma and the SQL migrations in step', () => expectNoSchemaDrift(createDb, migrations));

it('allows in the enum-like columns exactly the values the domain knows', async () => {
  const allowed = await checkConstraintValues(migrations);
  const sorted = (values: readonly string[]) => [...values].sort();
  expect(allowed.invoices_status_check).toEqual(sorted(INVOICE_STATUSES));
  expect(allowed.invoices_type_check).toEqual(sorted(INVOICE_TYPES));
  expect(allowed.invoices_billing_check).toEqual(sorted(BILLING_MODES));
  expect(allowed.invoices_hold_reason_check).toEqual(sorted(HOLD_REASONS));
  expect(allowed.invoices_credit_purpose_check).toEqual(sorted(CREDIT_PURPOSES));
  expect(allowed.customers_billing_check).toEqual(sorted(BILLING_MODES));
  expect(allowed.positions_status_check).toEqual(sorted(POSITION_STATUSES));
  expect(allowed.positions_vat_check).toEqual(sorted(VAT_TREATMENTS));
  expect(allowed.positions_billing_check).toEqual(sorted(BILLING_MODES));
  expect(allowed.positions_owed_kind_check).toEqual(sorted(CHARGE_KINDS));
  expect(allowed.invoice_documents_kind_check).toEqual(['pdf', 'xrechnung']);
  expect(allowed.erasure_receipts_reason_check).toEqual(sorted(ParticipantErased.data.shape.reason.options));
});

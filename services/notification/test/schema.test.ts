import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from '@seminarwerk/contracts/api';
import { checkConstraintValues, expectNoSchemaDrift } from '@seminarwerk/testing';
import { expect, it } from 'vitest';
import { DELIVERY_STATUSES } from '../src/app/deliveries.ts';
import { createDb } from '../src/db.ts';
import { TEMPLATES } from '../src/mail/templates.ts';

const migrations = new URL('../prisma/migrations', import.meta.url);

it('keeps schema.prisma and the SQL migrations in step', () => expectNoSchemaDrift(createDb, migrations));

it('allows in the enum-like columns exactly the values the code knows', async () => {
  const allowed = await checkConstraintValues(migrations);
  expect(allowed.deliveries_status_check).toEqual([...DELIVERY_STATUSES].sort());
  expect(allowed.deliveries_template_check).toEqual([...TEMPLATES].sort());
  expect(allowed.public_events_type_check).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  expect(allowed.webhook_subscriptions_events_check).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  expect(allowed.webhook_subscriptions_status_check).toEqual(['active', 'disabled']);
  expect(allowed.webhook_subscriptions_disabled_reason_check).toEqual(['failing', 'gone']);
  expect(allowed.webhook_deliveries_status_check).toEqual([...WEBHOOK_DELIVERY_STATUSES].sort());
});

import { checkConstraintValues, expectNoSchemaDrift } from '@seminarwerk/testing';
import { expect, it } from 'vitest';
import { createDb } from '../src/db.ts';
import { PRIVACY_REQUEST_KINDS } from '../src/privacy/requests.ts';
import { ROLES } from '../src/staff/roles.ts';

const migrations = new URL('../prisma/migrations', import.meta.url);

it('keeps schema.prisma and the SQL migrations in step', () => expectNoSchemaDrift(createDb, migrations));

it('allows in the enum-like columns exactly the values the code knows', async () => {
  const allowed = await checkConstraintValues(migrations);
  expect(allowed.staff_accounts_role_check).toEqual([...ROLES].sort());
  expect(allowed.privacy_requests_kind_check).toEqual([...PRIVACY_REQUEST_KINDS].sort());
});

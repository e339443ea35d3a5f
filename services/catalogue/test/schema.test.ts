import { expectNoSchemaDrift } from '@seminarwerk/testing';
import { it } from 'vitest';
import { createDb } from '../src/db.ts';

it('keeps schema.prisma and the SQL migrations in step', () =>
  expectNoSchemaDrift(createDb, new URL('../prisma/migrations', import.meta.url)));

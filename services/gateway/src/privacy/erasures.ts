import { randomUUID } from 'node:crypto';
import { AppError, problemType, statusTitle } from '@seminarwerk/http';
import type { Logger } from '@seminarwerk/logging';
import type pg from 'pg';
import { confirmationsOf, type ErasureUpstreams, eraseAtRegistration, type Patience } from './erasure-calls.ts';
import { ERASURE_SERVICES, type Erasure, type ErasureInput, type ErasureService } from './erasure-contract.ts';
import { eraseOwnCopies } from './own-copies.ts';
import { backgroundRuns, type StaffPrincipal } from './service-calls.ts';

type Progress = Record<ErasureService, 'pending' | 'completed'>;

interface ErasureRow {
  id: string;
  status: 'pending' | 'completed' | 'failed';
  email: string | null;
  registration_id: string | null;
  registration_ids: string[];
  requested_by: string;
  requested_by_key: string;
  services: Progress;
  failure: string | null;
  requested_at: Date;
  answered_at: Date | null;
  completed_at: Date | null;
}

const NOT_FOUND = new AppError(404, 'erasure-not-found', 'There is no erasure request with this id');

/** Why an erasure can fail: registration knows no registration with the id asked for. */
const FAILURES: Record<string, { status: number; detail: string }> = {
  'registration-not-found': { status: 404, detail: 'There is no registration with this id; nothing was erased' },
};

/** A service that does not answer is asked again after this long; a service that has not confirmed yet, after `pollMs`. */
export const ERASURE_TIMING = { retryMs: 5_000, pollMs: 2_000 };

/**
 * Erasure requests (DSGVO Art. 17): the back office asks for one person to be erased, by address or by one of their
 * registrations. In the staff member's name, the gateway has registration erase the person (it answers the
 * registrations, key ids and the person's addresses, and publishes an erased event per registration), removes its
 * own copies, and asks notification and invoicing until each confirms its copies are blank. Catalogue holds no
 * participant data. The row keeps the address or id asked for only until registration answered; from then on it holds
 * ids only and is the erasure ledger (reapply.ts). Runs in the background; resumed on start.
 */
export function erasures(pool: pg.Pool, upstreams: ErasureUpstreams, logger: Logger, timing = ERASURE_TIMING) {
  let stopped = false;
  const patience = (id: string): Patience => ({
    ...timing,
    isStopped: () => stopped,
    onRetry: (service, status) => logger.warn({ erasureId: id, service, status }, 'erasure: service did not answer, retrying'),
  });

  async function request(input: ErasureInput, principal: StaffPrincipal): Promise<{ id: string; status: 'pending' }> {
    const id = randomUUID();
    // Catalogue holds no participant data: nothing to wait for.
    const services = Object.fromEntries(ERASURE_SERVICES.map((name) => [name, name === 'catalogue' ? 'completed' : 'pending']));
    await pool.query(
      `INSERT INTO erasure_requests (id, email, registration_id, requested_by, requested_by_key, services) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        'email' in input ? input.email : null,
        'registrationId' in input ? input.registrationId : null,
        principal.actor,
        principal.keyId,
        JSON.stringify(services),
      ],
    );
    eraseInBackground(id);
    return { id, status: 'pending' };
  }

  async function find(id: string): Promise<ErasureRow> {
    const { rows } = await pool.query<ErasureRow>(
      `SELECT id, status, email, registration_id, registration_ids::text[] AS registration_ids, requested_by, requested_by_key,
              services, failure, requested_at, answered_at, completed_at
         FROM erasure_requests WHERE id = $1`,
      [id],
    );
    if (!rows[0]) throw NOT_FOUND;
    return rows[0];
  }

  async function status(id: string): Promise<Erasure> {
    const row = await find(id);
    const failure = row.failure ? FAILURES[row.failure] : undefined;
    return {
      id: row.id,
      status: row.status,
      services: row.services,
      ...(row.answered_at ? { registrations: row.registration_ids.length } : {}),
      ...(row.failure && failure
        ? { failure: { type: problemType(row.failure), title: statusTitle(failure.status), detail: failure.detail } }
        : {}),
      requestedAt: row.requested_at.toISOString(),
      ...(row.completed_at ? { completedAt: row.completed_at.toISOString() } : {}),
    };
  }

  const eraseInBackground = backgroundRuns(
    (id) => erase(id),
    (id, error) => logger.error({ erasureId: id, err: error.message }, 'erasure: stopped with an error'),
  );

  const markCompleted = async (id: string, service: ErasureService) => {
    await pool.query(`UPDATE erasure_requests SET services = jsonb_set(services, $2, '"completed"') WHERE id = $1`, [id, [service]]);
  };

  async function erase(id: string): Promise<void> {
    const row = await find(id);
    const principal: StaffPrincipal = { kind: 'back-office', actor: row.requested_by, keyId: row.requested_by_key };
    const registrationIds = row.answered_at ? row.registration_ids : await askRegistration(row, principal);
    if (!registrationIds) return;
    await confirmationsOf(upstreams, principal, id, registrationIds, patience(id), (service) => markCompleted(id, service));
    // Again, by ids: a retried POST may have stored an answer about the registrations since registration answered.
    await eraseOwnCopies(pool, { emails: [], registrationIds });
    await pool.query(
      `UPDATE erasure_requests SET status = 'completed', completed_at = now(), services = jsonb_set(services, '{gateway}', '"completed"')
        WHERE id = $1 AND status = 'pending'`,
      [id],
    );
    logger.info({ erasureId: id, registrations: registrationIds.length }, 'erasure: completed');
  }

  /**
   * Registration's part. Its answer is recorded, the gateway's own copies of the person go and the address or id asked
   * for is dropped, in one transaction: the addresses registration answered are used there and nowhere else.
   * Undefined when the request failed.
   */
  async function askRegistration(row: ErasureRow, principal: StaffPrincipal): Promise<string[] | undefined> {
    const subject = row.email !== null ? { email: row.email } : { registrationId: row.registration_id as string };
    const answer = await eraseAtRegistration(upstreams.registration, principal, row.id, subject, patience(row.id));
    if (answer === 'not-found') {
      await pool.query(
        `UPDATE erasure_requests SET status = 'failed', failure = 'registration-not-found', email = NULL, registration_id = NULL
          WHERE id = $1 AND status = 'pending'`,
        [row.id],
      );
      logger.info({ erasureId: row.id }, 'erasure: failed, the registration is unknown');
      return undefined;
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await eraseOwnCopies(client, {
        emails: [...answer.emails, ...(row.email ? [row.email] : [])],
        registrationIds: answer.registrationIds,
      });
      await client.query(
        `UPDATE erasure_requests
            SET registration_ids = $2, key_ids = $3, answered_at = now(), email = NULL, registration_id = NULL,
                services = jsonb_set(services, '{registration}', '"completed"')
          WHERE id = $1 AND answered_at IS NULL`,
        [row.id, answer.registrationIds, answer.keyIds],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    return answer.registrationIds;
  }

  /** Carries on every request still pending (a gateway stopped before it finished them). */
  async function resumePending(): Promise<void> {
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM erasure_requests WHERE status = 'pending' ORDER BY requested_at`);
    for (const { id } of rows) eraseInBackground(id);
  }

  return {
    request,
    status,
    resumePending,
    stop: () => {
      stopped = true;
    },
  };
}
export type Erasures = ReturnType<typeof erasures>;

import { randomUUID } from 'node:crypto';
import { type AccessExport, type AccessRequest, SUBJECT_DATA_SERVICES, type SubjectDataService } from '@seminarwerk/contracts/api';
import { AppError } from '@seminarwerk/http';
import type { Logger } from '@seminarwerk/logging';
import type pg from 'pg';
import { queryString, type Upstream } from '../proxy.ts';
import { coverPage } from './cover-page.ts';
import { answerOf, backgroundRuns, type Retrying, type StaffPrincipal, textOf } from './service-calls.ts';

type Progress = Record<SubjectDataService, 'pending' | 'completed'>;

interface AccessRequestRow {
  id: string;
  email: string;
  status: 'pending' | 'completed';
  requested_by: string;
  requested_by_key: string;
  services: Progress;
  requested_at: Date;
  completed_at: Date | null;
}

const NOT_FOUND = new AppError(404, 'access-request-not-found', 'There is no access request with this id');
const CATALOGUE_NOTE = 'Der Seminarkatalog speichert keine personenbezogenen Daten von Teilnehmenden.';
/** A service that does not answer is asked again after this long, until it does. */
const RETRY_MS = 5_000;
/** How long a completed export is kept for the back office to fetch (it holds everything about the person). */
export const ACCESS_EXPORT_RETENTION_DAYS = 30;

/**
 * Access requests (DSGVO Art. 15): the back office asks for everything stored about one person; the gateway asks each
 * data-holding service for its part in the staff member's name (registration first: its registration ids are what
 * notification and invoicing look up), records each answer as it comes, and keeps the export with its German cover
 * page. The collection runs in the background; a gateway that stopped mid-way resumes it on start.
 */
export function accessRequests(pool: pg.Pool, upstreams: Record<SubjectDataService, Upstream>, logger: Logger, retryMs = RETRY_MS) {
  let stopped = false;
  const retrying = (id: string): Retrying => ({
    retryMs,
    isStopped: () => stopped,
    onRetry: (service, status) => logger.warn({ accessRequestId: id, service, status }, 'access request: service did not answer, retrying'),
  });

  async function request(email: string, principal: StaffPrincipal): Promise<{ id: string; status: 'pending' }> {
    const id = randomUUID();
    const services = Object.fromEntries(SUBJECT_DATA_SERVICES.map((name) => [name, 'pending']));
    await pool.query(`INSERT INTO access_requests (id, email, requested_by, requested_by_key, services) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      email,
      principal.actor,
      principal.keyId,
      JSON.stringify(services),
    ]);
    collectInBackground(id);
    return { id, status: 'pending' };
  }

  async function find(id: string): Promise<AccessRequestRow> {
    const { rows } = await pool.query<AccessRequestRow>(
      `SELECT id, email, status, requested_by, requested_by_key, services, requested_at, completed_at FROM access_requests WHERE id = $1`,
      [id],
    );
    if (!rows[0]) throw NOT_FOUND;
    return rows[0];
  }

  async function status(id: string): Promise<AccessRequest> {
    const row = await find(id);
    return {
      id: row.id,
      status: row.status,
      services: row.services,
      requestedAt: row.requested_at.toISOString(),
      ...(row.completed_at ? { completedAt: row.completed_at.toISOString() } : {}),
    };
  }

  /** The export's JSON text as stored (jsonb, never parsed here). */
  async function exportOf(id: string): Promise<string> {
    const { rows } = await pool.query<{ status: string; export: string | null }>(
      `SELECT status, export::text AS export FROM access_requests WHERE id = $1`,
      [id],
    );
    if (!rows[0]) throw NOT_FOUND;
    if (rows[0].status !== 'completed' || rows[0].export === null) {
      throw new AppError(409, 'access-request-pending', 'The export is still being collected; ask for the request’s status');
    }
    return rows[0].export;
  }

  const collectInBackground = backgroundRuns(
    (id) => collect(id),
    (id, error) => logger.error({ accessRequestId: id, err: error.message }, 'access request: collection failed'),
  );

  async function collect(id: string): Promise<void> {
    const row = await find(id);
    const principal: StaffPrincipal = { kind: 'back-office', actor: row.requested_by, keyId: row.requested_by_key };
    const registration = await partOf(id, 'registration', principal, { email: row.email });
    const registrationIds = (registration.registrationIds as string[]).join(',') || undefined;
    const [notification, invoicing] = await Promise.all([
      partOf(id, 'notification', principal, { email: row.email, registrationIds }),
      partOf(id, 'invoicing', principal, { email: row.email, registrationIds }),
    ]);
    const generatedAt = new Date();
    const accessExport: AccessExport = {
      subject: { email: row.email },
      requestedAt: row.requested_at.toISOString(),
      generatedAt: generatedAt.toISOString(),
      coverPage: { language: 'de', text: coverPage(row.email, generatedAt) },
      services: { registration, notification, invoicing, catalogue: { note: CATALOGUE_NOTE } },
    };
    await pool.query(
      `UPDATE access_requests SET status = 'completed', export = $2, completed_at = $3 WHERE id = $1 AND status = 'pending'`,
      [id, JSON.stringify(accessExport), generatedAt],
    );
    logger.info({ accessRequestId: id }, 'access request: export completed');
  }

  /** One service's part, asked until it answers 200, then marked completed. */
  async function partOf(
    id: string,
    service: SubjectDataService,
    principal: StaffPrincipal,
    query: Record<string, string | undefined>,
  ): Promise<Record<string, unknown>> {
    const path = `/privacy/subject${queryString(query)}`;
    const request = { method: 'GET', path, publicPath: `/v1/privacy/access-requests/${id}`, principal } as const;
    const answer = await answerOf(upstreams[service], request, retrying(id));
    // Only an unavailable service is asked again; anything else is a fault here, left pending for the next start.
    if (answer.status !== 200) throw new Error(`${service} answered ${answer.status}`);
    await pool.query(`UPDATE access_requests SET services = jsonb_set(services, $2, '"completed"') WHERE id = $1`, [id, [service]]);
    return JSON.parse(textOf(answer)) as Record<string, unknown>;
  }

  /** Collects every request still pending (a gateway stopped before it finished them). */
  async function resumePending(): Promise<void> {
    const { rows } = await pool.query<{ id: string }>(`SELECT id FROM access_requests WHERE status = 'pending' ORDER BY requested_at`);
    for (const { id } of rows) collectInBackground(id);
  }

  /** Deletes the requests completed longer ago than the export is kept. */
  async function purgeExpired(): Promise<void> {
    await pool.query(`DELETE FROM access_requests WHERE status = 'completed' AND completed_at < now() - make_interval(days => $1::int)`, [
      ACCESS_EXPORT_RETENTION_DAYS,
    ]);
  }

  return {
    request,
    status,
    exportOf,
    resumePending,
    purgeExpired,
    stop: () => {
      stopped = true;
    },
  };
}
export type AccessRequests = ReturnType<typeof accessRequests>;

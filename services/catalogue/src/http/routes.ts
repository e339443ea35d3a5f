import {
  CalendarQuery,
  CapacityChangeInput,
  CatalogueQuery,
  OfferingCancellationInput,
  OfferingInput,
  OfferingPatch,
  RescheduleInput,
  SeminarCancellationInput,
  SeminarInput,
  SeminarPatch,
} from '@seminarwerk/contracts/api';
import { PrincipalHeaders, parseJson, parseValue, requireBackOffice, type ServiceApp, uuidParam } from '@seminarwerk/http';
import type { Context } from 'hono';
import { z } from 'zod';
import type { CatalogueService } from '../app/catalogue-service.ts';
import type { Audience, PublicCatalogue } from '../app/public-catalogue.ts';
import { newOffering, newSchedule, newSeminar, offeringChanges, seminarChanges } from './commands.ts';

const seminarNotFound = { code: 'seminar-not-found', detail: 'There is no seminar with this id' };
const offeringNotFound = { code: 'offering-not-found', detail: 'There is no offering with this id' };

/** The feed links each offering in the public API; the gateway says where that is. */
const CalendarRequest = CalendarQuery.extend({ baseUrl: z.url({ protocol: /^https?$/ }) });

/** Reads are public; the gateway passes a back-office principal along, and the back office also sees drafts. */
const audienceOf = (c: Context): Audience => (c.req.header(PrincipalHeaders.kind) === 'back-office' ? 'back-office' : 'public');

/** Internal API, called by the gateway only. */
export function catalogueRoutes(app: ServiceApp, catalogue: CatalogueService, reads: PublicCatalogue) {
  app.post('/seminars', async (c) => {
    const { actor } = requireBackOffice(c);
    const seminar = await catalogue.createSeminar(newSeminar(await parseJson(c, SeminarInput)), actor);
    return c.json(seminar, 201);
  });
  app.get('/seminars', async (c) => c.json(await reads.listSeminars(parseValue(CatalogueQuery, c.req.query(), 'query'), audienceOf(c))));
  app.get('/seminars/:id', async (c) => c.json(await reads.seminarDetail(uuidParam(c, 'id', seminarNotFound), audienceOf(c))));
  app.patch('/seminars/:id', async (c) => {
    const { actor } = requireBackOffice(c);
    const id = uuidParam(c, 'id', seminarNotFound);
    return c.json(await catalogue.updateSeminar(id, seminarChanges(await parseJson(c, SeminarPatch)), actor));
  });
  app.post('/seminars/:id/publish', async (c) => {
    const { actor } = requireBackOffice(c);
    return c.json(await catalogue.publishSeminar(uuidParam(c, 'id', seminarNotFound), actor));
  });
  app.post('/seminars/:id/cancel', async (c) => {
    const { actor } = requireBackOffice(c);
    const id = uuidParam(c, 'id', seminarNotFound);
    const { reason } = await parseJson(c, SeminarCancellationInput);
    return c.json(await catalogue.cancelSeminar(id, reason, actor));
  });
  app.post('/seminars/:id/offerings', async (c) => {
    const { actor } = requireBackOffice(c);
    const id = uuidParam(c, 'id', seminarNotFound);
    const offering = await catalogue.scheduleOffering(id, newOffering(await parseJson(c, OfferingInput)), actor);
    return c.json(offering, 201);
  });
  app.get('/offerings', async (c) => {
    const page = await reads.listOfferings(parseValue(CatalogueQuery, c.req.query(), 'query'), audienceOf(c));
    return c.body(page, 200, { 'content-type': 'application/json' });
  });
  app.get('/offerings.ics', async (c) => {
    const { baseUrl, ...filters } = parseValue(CalendarRequest, c.req.query(), 'query');
    return c.body(await reads.calendar(filters, baseUrl), 200, { 'content-type': 'text/calendar; charset=utf-8' });
  });
  app.get('/offerings/:id', async (c) => c.json(await reads.offering(uuidParam(c, 'id', offeringNotFound), audienceOf(c))));
  app.patch('/offerings/:id', async (c) => {
    const { actor } = requireBackOffice(c);
    const id = uuidParam(c, 'id', offeringNotFound);
    return c.json(await catalogue.updateOffering(id, offeringChanges(await parseJson(c, OfferingPatch)), actor));
  });
  app.post('/offerings/:id/capacity', async (c) => {
    const { actor } = requireBackOffice(c);
    const id = uuidParam(c, 'id', offeringNotFound);
    const { capacity } = await parseJson(c, CapacityChangeInput);
    return c.json(await catalogue.changeCapacity(id, capacity, actor));
  });
  app.post('/offerings/:id/reschedule', async (c) => {
    const { actor } = requireBackOffice(c);
    const id = uuidParam(c, 'id', offeringNotFound);
    return c.json(await catalogue.rescheduleOffering(id, newSchedule(await parseJson(c, RescheduleInput)), actor));
  });
  app.post('/offerings/:id/publish', async (c) => {
    const { actor } = requireBackOffice(c);
    return c.json(await catalogue.publishOffering(uuidParam(c, 'id', offeringNotFound), actor));
  });
  app.post('/offerings/:id/cancel', async (c) => {
    const { actor } = requireBackOffice(c);
    const id = uuidParam(c, 'id', offeringNotFound);
    const { reason } = await parseJson(c, OfferingCancellationInput);
    return c.json(await catalogue.cancelOffering(id, reason, actor));
  });
}

-- Issue 10: invoicing.customer.changed.v1 tells notification each customer's name and invoice address. Customers that
-- existed before the event did are published once here, through the outbox, as src/messaging/customer-events.ts builds
-- the event (CloudEvents 1.0, keyed by the customer).
INSERT INTO "outbox" ("event_id", "topic", "message_key", "payload")
SELECT e.id, 'invoicing.events.v1', c.id, jsonb_build_object(
           'specversion', '1.0',
           'id', e.id,
           'source', '/seminarwerk/invoicing',
           'type', 'invoicing.customer.changed.v1',
           'subject', c.id,
           'time', e.at,
           'datacontenttype', 'application/json',
           'correlationid', e.id,
           'data', jsonb_build_object('customerId', c.id, 'name', c.name, 'invoiceEmail', c.invoice_email, 'changedAt', e.at))
  FROM "customers" c
 CROSS JOIN LATERAL (
       SELECT gen_random_uuid()::text AS id,
              to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at) e
 ORDER BY c.id;

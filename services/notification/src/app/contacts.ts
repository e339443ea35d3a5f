import type { Db, Tx } from '../db.ts';

export interface Contact {
  municipalityId: string;
  name: string;
  email: string;
}

/**
 * Whom to write at a municipality about its webhooks: its customer record's name and invoice address, as invoicing
 * publishes them (`invoicing.customer.changed.v1`). The latest change wins, whatever order they arrive in.
 */
export function contacts(db: Db) {
  return {
    async changed(tx: Tx, contact: Contact, changedAt: Date): Promise<void> {
      await tx.$executeRaw`
        INSERT INTO municipality_contacts (municipality_id, name, email, changed_at)
        VALUES (${contact.municipalityId}, ${contact.name}, ${contact.email}, ${changedAt})
        ON CONFLICT (municipality_id) DO UPDATE
          SET name = EXCLUDED.name, email = EXCLUDED.email, changed_at = EXCLUDED.changed_at
          WHERE municipality_contacts.changed_at < EXCLUDED.changed_at`;
    },
    async of(municipalityId: string, tx: Tx | Db = db): Promise<Contact | null> {
      const row = await tx.municipalityContact.findUnique({ where: { municipalityId } });
      return row ? { municipalityId: row.municipalityId, name: row.name, email: row.email } : null;
    },
  };
}
export type Contacts = ReturnType<typeof contacts>;

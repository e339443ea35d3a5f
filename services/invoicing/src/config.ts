import { commonConfig, kafkaConfig, parseConfig } from '@seminarwerk/runtime';
import { z } from 'zod';
import type { Seller } from './documents/model.ts';

// The demo institute of ../shared/data/catalogue.json (`institute`): an invented institute with a valid test IBAN.
const shape = {
  ...commonConfig('invoicing', 3003),
  ...kafkaConfig,
  /** The XRechnung validator process (infra/validator); every document is validated there before it is issued. */
  VALIDATOR_URL: z.url().default('http://127.0.0.1:8081'),
  SELLER_NAME: z.string().min(1).default('Studieninstitut für kommunale Verwaltung (Demo)'),
  SELLER_STREET: z.string().min(1).default('Musterstraße 1'),
  SELLER_POSTAL_CODE: z.string().min(1).default('26121'),
  SELLER_CITY: z.string().min(1).default('Oldenburg (Oldb)'),
  SELLER_COUNTRY: z.string().length(2).default('DE'),
  /** Steuernummer (BT-32); empty for none. At least one of it and the USt-IdNr. */
  SELLER_TAX_NUMBER: z.string().default('64/123/45678'),
  /** USt-IdNr. (BT-31); empty for none. */
  SELLER_VAT_ID: z.string().default(''),
  /** BT-30, e.g. the register of associations entry; needed without a VAT id (EN 16931 BR-CO-26). */
  SELLER_LEGAL_REGISTRATION_ID: z.string().default('VR 200123'),
  /** BG-6 (BR-DE-2): who answers questions about invoices. */
  SELLER_CONTACT_NAME: z.string().min(1).default('Rechnungsstelle'),
  SELLER_CONTACT_PHONE: z.string().min(1).default('+49 441 000000'),
  SELLER_CONTACT_EMAIL: z.email().default('seminare@studieninstitut.example'),
  SELLER_IBAN: z
    .string()
    .regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/)
    .default('DE02120300000000202051'),
  /** Empty for none (optional within SEPA). */
  SELLER_BIC: z
    .string()
    .regex(/^([A-Z0-9]{8}|[A-Z0-9]{11})?$/)
    .default('BYLADEM1001'),
  /**
   * Years an issued invoice or credit note keeps the participants' names (its lines, documents and events), counted
   * from the end of the calendar year of issue: § 147 Abs. 3, 4 AO and § 14b UStG (8 years since BEG IV).
   */
  INVOICE_RETENTION_YEARS: z.coerce.number().int().min(1).max(30).default(8),
  /** Number series: `<prefix>-<year>-<00001>`, gap-free per prefix and year. */
  INVOICE_NUMBER_PREFIX: z
    .string()
    .regex(/^[A-Z]{1,5}$/)
    .default('RE'),
  CREDIT_NOTE_NUMBER_PREFIX: z
    .string()
    .regex(/^[A-Z]{1,5}$/)
    .default('ST'),
};

/** The one place environment variables are read. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const config = parseConfig('invoicing', shape, env);
  if (config.INVOICE_NUMBER_PREFIX === config.CREDIT_NOTE_NUMBER_PREFIX) {
    throw new Error('Invalid invoicing configuration: INVOICE_NUMBER_PREFIX and CREDIT_NOTE_NUMBER_PREFIX must differ');
  }
  if (!config.SELLER_TAX_NUMBER && !config.SELLER_VAT_ID) {
    throw new Error('Invalid invoicing configuration: SELLER_TAX_NUMBER or SELLER_VAT_ID is needed (§ 14 Abs. 4 Nr. 2 UStG, BR-CO-9)');
  }
  if (!config.SELLER_VAT_ID && !config.SELLER_LEGAL_REGISTRATION_ID) {
    throw new Error(
      'Invalid invoicing configuration: SELLER_VAT_ID or SELLER_LEGAL_REGISTRATION_ID is needed, or invoices to municipalities without a supplier number fail EN 16931 BR-CO-26',
    );
  }
  return config;
}
export type Config = ReturnType<typeof loadConfig>;

/** The institute as seller (BG-4) and the account it is paid to (BG-17). */
export interface Institute {
  seller: Seller;
  account: { iban: string; bic: string | null };
  series: { invoice: string; creditNote: string };
}

export function instituteOf(config: Config): Institute {
  return {
    seller: {
      name: config.SELLER_NAME,
      street: config.SELLER_STREET,
      postalCode: config.SELLER_POSTAL_CODE,
      city: config.SELLER_CITY,
      country: config.SELLER_COUNTRY,
      taxNumber: config.SELLER_TAX_NUMBER || null,
      vatId: config.SELLER_VAT_ID || null,
      legalRegistrationId: config.SELLER_LEGAL_REGISTRATION_ID || null,
      electronicAddress: config.SELLER_CONTACT_EMAIL,
      contact: { name: config.SELLER_CONTACT_NAME, phone: config.SELLER_CONTACT_PHONE, email: config.SELLER_CONTACT_EMAIL },
    },
    account: { iban: config.SELLER_IBAN, bic: config.SELLER_BIC || null },
    series: { invoice: config.INVOICE_NUMBER_PREFIX, creditNote: config.CREDIT_NOTE_NUMBER_PREFIX },
  };
}

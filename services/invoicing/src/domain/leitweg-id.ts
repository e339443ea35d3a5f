/**
 * Leitweg-ID: routes e-invoices to German public authorities (KoSIT, "Formatspezifikation
 * Leitweg-ID" 2.0): coarse part (2-12 digits), optional fine part (up to 30 letters/digits),
 * two check digits, joined by hyphens. The check digits follow ISO 7064 Mod 97-10, as in IBAN.
 */
const SHAPE = /^(\d{2,12})(?:-([A-Z0-9]{1,30}))?-(\d{2})$/i;

export function isValidLeitwegId(value: string): boolean {
  const match = SHAPE.exec(value.trim());
  if (!match) return false;
  const [, coarse, fine = '', check] = match;
  return checkDigits(`${coarse}${fine}`) === check;
}

export function checkDigits(body: string): string {
  const digits = [...body.toUpperCase()].map((ch) => (/\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55))).join('');
  let remainder = 0;
  for (const digit of `${digits}00`) remainder = (remainder * 10 + Number(digit)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

import type { ApiProblem } from '../api/problem.ts';
import type { FormFields } from '../http/env.ts';
import { fieldError, SelectField, TextField } from '../ui/form.tsx';
import { type CancellationTerms, formProblem, type Seminar } from './catalogue-resources.ts';

/** The seminar form's fields, named as the API names them, so its field errors land on the right input. */
export type SeminarValues = FormFields;

const VAT_OPTIONS = [
  ['exempt-4-22a', 'umsatzsteuerfrei (§ 4 Nr. 22a UStG)'],
  ['standard-19', '19 % Umsatzsteuer'],
  ['reduced-7', '7 % Umsatzsteuer'],
] as const;
const TERMS = 'cancellationTerms';

const euro = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });

export const valuesOfSeminar = (s: Seminar): SeminarValues => ({
  title: s.title,
  topic: s.topic,
  summary: s.summary,
  audience: s.audience,
  lecturers: s.lecturers.join(', '),
  feeCents: euro.format(s.feeCents / 100),
  vat: s.vat,
  [`${TERMS}.freeUntilDaysBefore`]: String(s.cancellationTerms.freeUntilDaysBefore),
  [`${TERMS}.lateCancellationFeePercent`]: String(s.cancellationTerms.lateCancellationFeePercent),
  [`${TERMS}.noShowFeePercent`]: String(s.cancellationTerms.noShowFeePercent),
  [`${TERMS}.substituteAllowed`]: s.cancellationTerms.substituteAllowed ? 'ja' : 'nein',
});

/** `340`, `340,5`, `1.340,00` → cents; undefined for anything else. */
export function centsOf(text: string | undefined): number | undefined {
  const value = text?.trim().replace(/\s*€$/, '') ?? '';
  if (!/^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/.test(value)) return undefined;
  const [whole = '0', fraction = ''] = value.replace(/\./g, '').split(',');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** A whole number from a field, or undefined. */
export const wholeNumberOf = (text: string | undefined) => (/^\d{1,6}$/.test(text?.trim() ?? '') ? Number(text?.trim()) : undefined);

/**
 * The API body of the form: what the app can read, it sends; what it cannot (a fee that is no amount), it names
 * before asking the API. The API checks the rest (lengths, ranges) and names the fields itself.
 */
export function seminarBody(form: FormFields): { ok: true; body: object } | { ok: false; problem: ApiProblem } {
  const errors: Record<string, string> = {};
  const feeCents = centsOf(form.feeCents);
  if (feeCents === undefined) errors.feeCents = 'Bitte geben Sie die Gebühr in Euro an, z. B. 340,00.';
  const terms: Partial<Record<keyof CancellationTerms, number | boolean>> = {};
  for (const name of ['freeUntilDaysBefore', 'lateCancellationFeePercent', 'noShowFeePercent'] as const) {
    const value = wholeNumberOf(form[`${TERMS}.${name}`]);
    if (value === undefined) errors[`${TERMS}.${name}`] = 'Bitte geben Sie eine ganze Zahl ein.';
    else terms[name] = value;
  }
  terms.substituteAllowed = form[`${TERMS}.substituteAllowed`] !== 'nein';
  if (Object.keys(errors).length > 0) return { ok: false, problem: formProblem(errors) };
  return {
    ok: true,
    body: {
      title: form.title ?? '',
      topic: form.topic ?? '',
      summary: form.summary ?? '',
      audience: form.audience ?? '',
      lecturers: (form.lecturers ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
      feeCents,
      vat: form.vat ?? 'exempt-4-22a',
      cancellationTerms: terms,
    },
  };
}

/** The inputs of a seminar, each with its error from the API's problem. */
export function SeminarFields({ values, problem }: { values: SeminarValues; problem?: ApiProblem | undefined }) {
  const field = (name: string) => ({ name, value: values[name], error: fieldError(problem, name) });
  return (
    <>
      <TextField {...field('title')} label="Titel" required />
      <TextField {...field('topic')} label="Thema" required hint="Zum Beispiel: Presse- und Öffentlichkeitsarbeit" />
      <TextField {...field('summary')} label="Kurzbeschreibung" />
      <TextField {...field('audience')} label="Zielgruppe" />
      <TextField {...field('lecturers')} label="Referentinnen und Referenten" hint="Mehrere durch Komma getrennt" />
      <TextField {...field('feeCents')} label="Gebühr je Person in Euro" required inputmode="decimal" hint="Zum Beispiel: 340,00" />
      <SelectField {...field('vat')} label="Umsatzsteuer" required options={VAT_OPTIONS} />
      <fieldset class="kern-fieldset">
        <legend class="kern-label">Stornobedingungen</legend>
        <div class="kern-fieldset__body">
          <TextField
            {...field(`${TERMS}.freeUntilDaysBefore`)}
            label="Kostenfrei abmelden bis Tage vor Beginn"
            required
            inputmode="numeric"
            value={values[`${TERMS}.freeUntilDaysBefore`] ?? '14'}
          />
          <TextField
            {...field(`${TERMS}.lateCancellationFeePercent`)}
            label="Gebühr bei späterer Abmeldung in Prozent"
            required
            inputmode="numeric"
            value={values[`${TERMS}.lateCancellationFeePercent`] ?? '50'}
          />
          <TextField
            {...field(`${TERMS}.noShowFeePercent`)}
            label="Gebühr bei Nichterscheinen in Prozent"
            required
            inputmode="numeric"
            value={values[`${TERMS}.noShowFeePercent`] ?? '100'}
          />
          <SelectField
            {...field(`${TERMS}.substituteAllowed`)}
            label="Ersatzperson erlaubt"
            required
            options={[
              ['ja', 'Ja'],
              ['nein', 'Nein'],
            ]}
          />
        </div>
      </fieldset>
    </>
  );
}

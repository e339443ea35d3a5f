import { query } from '../api/gateway.ts';
import { href } from '../http/env.ts';
import type { Choice } from '../ui/choices.tsx';
import { formatDateTime } from '../ui/format.ts';
import { Alert, Badge } from '../ui/messages.tsx';

/** The members of the API's key resources the screen uses (services/gateway/src/routes/api-keys.ts). */
export interface ApiKey {
  id: string;
  name: string;
  role: 'partner' | 'back-office';
  municipalityId: string | null;
  prefix: string | null;
  scopes: string[] | null;
  status: 'active' | 'expired' | 'revoked';
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}
export type CreatedApiKey = ApiKey & { key: string };
export type RotatedApiKey = CreatedApiKey & { previousKey: ApiKey };

/** [id, name] of the municipalities to choose from. */
export type Municipalities = readonly (readonly [string, string])[];
export const municipalityName = (known: Municipalities, id: string) => known.find(([m]) => m === id)?.[1] ?? id;

/** The scopes a partner key may be restricted to, in words (staff:delegate is for back-office keys only). */
export const SCOPE_CHOICES: readonly Choice[] = [
  ['registrations:write', 'Anmelden und abmelden', 'Beschäftigte anmelden, Anmeldungen stornieren und Ersatz benennen'],
  ['registrations:read', 'Anmeldungen lesen', 'Die Anmeldungen der eigenen Beschäftigten abrufen'],
  ['invoices:read', 'Rechnungen lesen', 'Die eigenen Rechnungen und Gutschriften abrufen'],
  ['catalogue:read', 'Seminarprogramm lesen', 'Seminare und Termine abrufen'],
];

export const scopesText = (scopes: readonly string[] | null) =>
  scopes && scopes.length > 0
    ? scopes.map((s) => SCOPE_CHOICES.find(([value]) => value === s)?.[1] ?? s).join(', ')
    : 'alle Rechte einer Kommune';

/** How long a rotated key keeps working, in seconds (the API allows 0 to 7 days). */
export const GRACE_CHOICES: readonly Choice[] = [
  ['0', 'Sofort ungültig', 'Der bisherige Schlüssel wird sofort abgelehnt, z. B. wenn er in falsche Hände geraten ist.'],
  ['3600', 'Noch 1 Stunde'],
  ['86400', 'Noch 24 Stunden'],
  ['604800', 'Noch 7 Tage'],
];

/** Active, running out after a rotation, expired or revoked, with when. */
export function KeyStatus({ apiKey: key }: { apiKey: ApiKey }) {
  if (key.status === 'revoked')
    return (
      <>
        <Badge tone="danger">widerrufen</Badge> {key.revokedAt && formatDateTime(key.revokedAt)}
      </>
    );
  if (key.status === 'expired') return <Badge>abgelaufen</Badge>;
  if (key.expiresAt)
    return (
      <>
        <Badge tone="warning">läuft ab</Badge> gültig bis {formatDateTime(key.expiresAt)}
      </>
    );
  return <Badge tone="success">aktiv</Badge>;
}

const Fact = ({ term, children }: { term: string; children: unknown }) => (
  <div class="kern-description-list-item">
    <dt class="kern-description-list-item__key">{term}</dt>
    <dd class="kern-description-list-item__value">{children as never}</dd>
  </div>
);

/**
 * A new key, shown this once (the gateway keeps only its hash): a read-only field to copy it from, what it is for,
 * and after a rotation until when the old one works.
 */
export function KeyShownOnce({ created, known }: { created: CreatedApiKey | RotatedApiKey; known: Municipalities }) {
  const previous = 'previousKey' in created ? created.previousKey : undefined;
  const kommune = created.municipalityId ?? '';
  return (
    <div class="app-stack">
      <Alert tone="warning" title="Der Schlüssel wird nur jetzt angezeigt.">
        <p class="kern-body">
          Kopieren Sie ihn jetzt und geben Sie ihn auf sicherem Weg an die Kommune weiter. Seminarwerk speichert den Schlüssel nicht und
          kann ihn nicht noch einmal anzeigen. Geht er verloren, erneuern Sie den Zugang.
        </p>
      </Alert>
      <div class="kern-form-input">
        <label class="kern-label" for="feld-schluessel">
          API-Schlüssel
        </label>
        <input
          class="kern-form-input__input app-secret"
          id="feld-schluessel"
          type="text"
          readonly
          value={created.key}
          autocomplete="off"
          spellcheck={false}
        />
      </div>
      <dl class="kern-description-list">
        <Fact term="Kommune">{municipalityName(known, kommune)}</Fact>
        <Fact term="Name">{created.name}</Fact>
        <Fact term="Kennung">
          <code>{created.prefix ?? '–'}</code>
        </Fact>
        <Fact term="Rechte">{scopesText(created.scopes)}</Fact>
        {previous && (
          <Fact term="Bisheriger Schlüssel">
            <code>{previous.prefix ?? '–'}</code>{' '}
            {previous.expiresAt && new Date(previous.expiresAt).getTime() > Date.now()
              ? `funktioniert noch bis ${formatDateTime(previous.expiresAt)}`
              : 'ist ab sofort ungültig'}
          </Fact>
        )}
      </dl>
      <p class="kern-body">
        <a class="kern-link" href={`${href('/partnerzugaenge')}${query({ kommune })}`}>
          Zurück zu den Partnerzugängen
        </a>
      </p>
    </div>
  );
}

/** A second submit of a form that made a key: the gateway replays no key (409 `secret-not-kept`). */
export const SecretNotKept = ({ back }: { back: string }) => (
  <div class="app-stack">
    <Alert tone="warning" title="Der Schlüssel wurde bereits erzeugt, aber aus Sicherheitsgründen nicht gespeichert.">
      <p class="kern-body">
        Dieses Formular wurde schon einmal abgeschickt (zum Beispiel durch einen Doppelklick oder durch Neuladen der Seite). Der Schlüssel
        wurde dabei einmal angezeigt und kann nicht noch einmal abgerufen werden.
      </p>
      <p class="kern-body">
        Wenn Sie ihn nicht kopiert haben: Erneuern Sie den Zugang in der Liste mit „Sofort ungültig“. Dann erhalten Sie einen neuen
        Schlüssel, und der verlorene wird abgelehnt.
      </p>
    </Alert>
    <p class="kern-body">
      <a class="kern-link" href={back}>
        Zu den Partnerzugängen
      </a>
    </p>
  </div>
);

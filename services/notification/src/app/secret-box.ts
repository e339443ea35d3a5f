import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The key of development machines and tests only (committed, so it protects nothing): every deployment sets
 * WEBHOOK_SECRET_KEY, and the service warns at start-up when it runs with this one.
 */
export const DEVELOPMENT_SECRET_KEY = 'c2VtaW5hcndlcmstZGV2ZWxvcG1lbnQta2V5LTMyYnk=';

const FORMAT = 'v1';

/** A new signing secret as Standard Webhooks writes it: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * Signing secrets at rest: AES-256-GCM under a key from configuration, bound to the subscription (its id is the
 * additional authenticated data), so a dump of the database alone reveals no secret and a secret copied onto another
 * subscription's row does not decrypt. `v1.<iv>.<tag>.<ciphertext>`, each base64.
 */
export function secretBox(base64Key: string) {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== 32) throw new Error('the webhook secret key must be 32 bytes');
  return {
    seal(secret: string, subscriptionId: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(subscriptionId));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
    },
    open(sealed: string, subscriptionId: string): string {
      const [format, iv, tag, data] = sealed.split('.');
      if (format !== FORMAT || !iv || !tag || !data) throw new Error('not a sealed webhook secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'))
        .setAAD(Buffer.from(subscriptionId))
        .setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}
export type SecretBox = ReturnType<typeof secretBox>;

import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 30 ms here, so a sign-in stays
 * quick while guessing offline stays expensive (docs/decisions.md 70). The parameters are in each hash, so raising
 * them later only changes new hashes.
 */
// algorithm 2 is Argon2id (a const enum in the package's types, which isolated modules cannot read).
const PARAMETERS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, PARAMETERS);

/** A hash of nothing anyone knows: checked for unknown usernames, so they take as long as known ones. */
const decoy = hashPassword(crypto.randomUUID());

/** True when the password matches; an unknown account (no hash) costs the same and is false. */
export async function passwordMatches(passwordHash: string | undefined, password: string): Promise<boolean> {
  const matches = await verify(passwordHash ?? (await decoy), password).catch(() => false);
  return passwordHash !== undefined && matches;
}

/** A password for a new account when none is given: 120 random bits as 20 URL-safe characters. */
export const generatePassword = () => randomBytes(15).toString('base64url');

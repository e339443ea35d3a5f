import { AppError } from '@seminarwerk/http';
import type { Rejection } from '../domain/decide.ts';

const notFound = new Set(['registration-not-found']);
const unprocessable = new Set(['registration-closed', 'attendance-too-early', 'substitute-not-allowed', 'not-confirmed']);

/** 404 for what does not exist, 422 for a rule that forbids it now, 409 for a clash with the current state. */
export function statusOf(code: string): 404 | 409 | 422 {
  if (notFound.has(code)) return 404;
  if (unprocessable.has(code)) return 422;
  return 409;
}

export function toAppError(rejection: Rejection): AppError {
  const extensions: Record<string, unknown> = {};
  if (rejection.registrationId) extensions.existingRegistrationId = rejection.registrationId;
  // The catalogue event that opens an offering may still be on its way.
  if (rejection.code === 'offering-not-open') extensions.retryAfterSeconds = 1;
  return new AppError(statusOf(rejection.code), rejection.code, rejection.detail, extensions);
}

import { describe, expect, it } from 'vitest';
import { describeFailure, retryDelay } from './retry-policy.ts';

describe('retryDelay', () => {
  it('starts at one second and doubles up to five minutes', () => {
    expect([1, 2, 3, 4, 9, 10, 50].map((n) => retryDelay(n))).toEqual([1_000, 2_000, 4_000, 8_000, 256_000, 300_000, 300_000]);
  });
});

describe('describeFailure', () => {
  const smtpError = (code: string, responseCode: number | undefined, message: string, command = 'DATA') =>
    Object.assign(new Error(message), { code, responseCode, command });

  it('retries a temporary rejection (4xx)', () => {
    expect(describeFailure(smtpError('EMESSAGE', 451, 'Message failed: 451 Temporary failure, try again later'))).toEqual({
      permanent: false,
      summary: 'EMESSAGE 451: Message failed: 451 Temporary failure, try again later',
    });
  });

  it('gives up on a recipient the server refuses for good (5xx), without storing the address', () => {
    const failure = describeFailure(
      smtpError('EENVELOPE', 550, "Can't send mail - all recipients were rejected: 550 <ada@example.org> unknown", 'RCPT TO'),
    );
    expect(failure.permanent).toBe(true);
    expect(failure.summary).not.toContain('ada@example.org');
    expect(failure.summary).toContain('[address]');
  });

  it('keeps retrying when the server is down or the login is wrong: an operator can fix that', () => {
    expect(describeFailure(smtpError('ECONNECTION', undefined, 'connect ECONNREFUSED 127.0.0.1:1025', 'CONN')).permanent).toBe(false);
    expect(describeFailure(smtpError('EAUTH', 535, 'Invalid login: 535 Authentication failed', 'AUTH PLAIN')).permanent).toBe(false);
  });

  it('keeps the summary short and on one line', () => {
    const summary = describeFailure(new Error(`line one\nline two ${'x'.repeat(1000)}`)).summary;
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary).not.toContain('\n');
  });
});

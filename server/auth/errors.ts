/**
 * Authentication failures with stable codes. Clients and logs can rely on the `code` field.
 * Messages are fixed strings written here, so no token, claim value or personal data can get into
 * a response or a log through an error message.
 */
import { errors } from 'jose';
import { ERRORS, type ErrorCode } from '../../core/errors';

export const AUTH_ERROR_CODES = [
  'token-missing',
  'token-malformed',
  'token-expired',
  'token-signature',
  'token-issuer',
  'token-audience',
  'token-tenant',
  'token-scope',
  'token-claims',
  'jwks-unavailable',
  'dev-sign-in-disabled',
] as const satisfies readonly ErrorCode[];
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;

  /** `cause` is kept for debugging in-process only; callers must not log or serialise it. */
  constructor(code: AuthErrorCode, options?: { cause?: unknown }) {
    super(ERRORS[code].message, options);
    this.code = code;
  }
}

/**
 * Translates whatever jose (or the JWKS fetch underneath it) threw into an AuthError. Anything
 * that is not a recognised token problem is treated as the key set being unavailable: jose wraps
 * every token fault in its own error classes, so a foreign error means the fetch itself failed.
 */
export function toAuthError(err: unknown): AuthError {
  if (err instanceof AuthError) return err;
  return new AuthError(codeFor(err), { cause: err });
}

function codeFor(err: unknown): AuthErrorCode {
  if (err instanceof errors.JWTExpired) return 'token-expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'token-issuer';
    if (err.claim === 'aud') return 'token-audience';
    return 'token-claims';
  }
  // Wrong algorithm (none, HS256 ...), a key that is not in the set, or a bad signature: all mean
  // "not signed by someone we trust", so they share one code.
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys ||
    err instanceof errors.JOSENotSupported
  ) {
    return 'token-signature';
  }
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) {
    return 'token-malformed';
  }
  return 'jwks-unavailable';
}

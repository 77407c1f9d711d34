/**
 * Authentication failures with stable codes. Clients and logs can rely on the `code` field.
 * Messages are fixed strings written here, so no token, claim value or personal data can get into
 * a response or a log through an error message.
 */
import { errors } from 'jose';

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
] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

const MESSAGES: Record<AuthErrorCode, string> = {
  'token-missing': 'No bearer token was presented.',
  'token-malformed': 'The bearer token is not a well-formed JWT.',
  'token-expired': 'The bearer token has expired.',
  'token-signature': 'The bearer token signature or algorithm could not be verified.',
  'token-issuer': 'The bearer token was not issued by a trusted issuer.',
  'token-audience': 'The bearer token was not issued for this application.',
  'token-tenant': 'The bearer token belongs to a different tenant.',
  'token-scope': 'The bearer token does not grant the required scope.',
  'token-claims': 'The bearer token lacks a required claim or has an invalid claim.',
  'jwks-unavailable': 'The signing keys of the identity provider could not be retrieved.',
  'dev-sign-in-disabled': 'Dev sign-in is not enabled.',
};

export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;

  /** `cause` is kept for debugging in-process only; callers must not log or serialise it. */
  constructor(code: AuthErrorCode, options?: { cause?: unknown }) {
    super(MESSAGES[code], options);
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

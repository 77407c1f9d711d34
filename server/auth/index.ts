/** Identity and access: Entra token verification, local dev sign-in, and the Express middleware. */
export { AUTH_ERROR_CODES, AuthError, type AuthErrorCode } from './errors';
export {
  createEntraVerifier,
  type EntraPrincipal,
  type EntraVerifier,
  type EntraVerifierOptions,
} from './entra-token';
export {
  DEV_ISSUER,
  createDevSignIn,
  devSignInAllowed,
  type DevSignIn,
  type DevSignInOptions,
} from './dev-sign-in';
export {
  authenticate,
  currentEntraToken,
  currentPerson,
  devSignInRouter,
  type AuthLocals,
  type AuthMethod,
  type AuthenticateDeps,
} from './middleware';
export { isLoopbackAddress, isLoopbackHost } from './loopback';

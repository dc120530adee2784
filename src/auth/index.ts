/** Bearer-token authentication of the receiver's routes. */
export { parseAccessTokens, TokenSet, MIN_SECRET_LENGTH, type AccessToken, type TokenProblem } from './access-tokens.js';
export { BearerAuth, type AccessRole, type AccessVerdict, type BearerAuthTokens } from './bearer-auth.js';
export { readAuthTokens, type AuthSettings } from './token-sources.js';
export { readTlsFiles, type TlsSettings } from './tls-files.js';

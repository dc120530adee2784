import { createHash, timingSafeEqual } from 'node:crypto';

/** A bearer token as it was configured: its id (named in logs and, later, the audit record) and its secret. */
export interface AccessToken {
  /** Names the token wherever a token must be named; never the secret. */
  readonly id: string;
  readonly secret: string;
}

/** One problem with a list of tokens; it never quotes a secret. */
export interface TokenProblem {
  readonly message: string;
}

/**
 * RFC 6750's b64token: what may follow `Bearer ` in an Authorization header. A secret
 * outside it could never be presented, so it is refused when configured.
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const TOKEN_ID = /^[A-Za-z0-9_.-]+$/;
/** Shorter secrets can be guessed; 16 characters of a random b64token is about 96 bits. */
export const MIN_SECRET_LENGTH = 16;

/**
 * Reads `id:secret` entries, separated by line ends, commas or spaces; `#` starts a
 * comment line (in a file). Several entries let a token be rotated: add the new one,
 * move the clients, remove the old one. Problems name the entry by its position and
 * id, never by its secret.
 */
export function parseAccessTokens(text: string): { tokens: AccessToken[]; problems: TokenProblem[] } {
  const tokens: AccessToken[] = [];
  const problems: TokenProblem[] = [];
  const entries = text.split(/\r?\n/).filter((line) => !line.trimStart().startsWith('#')).join('\n').split(/[\s,]+/).filter((entry) => entry !== '');
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const where = `entry ${index + 1}`;
    if (colon < 0) {
      problems.push({ message: `${where} has no id; write it as id:token (e.g. collector-2026:<token>), so logs can name the token without showing it` });
      return;
    }
    const id = entry.slice(0, colon);
    const secret = entry.slice(colon + 1);
    if (!TOKEN_ID.test(id)) problems.push({ message: `${where}: the id must be letters, digits, "_", "." or "-"` });
    else if (secret.length < MIN_SECRET_LENGTH) problems.push({ message: `${where} (${id}): the token is shorter than ${MIN_SECRET_LENGTH} characters; use a random one, e.g. from \`openssl rand -base64 24\`` });
    else if (!B64TOKEN.test(secret)) problems.push({ message: `${where} (${id}): the token has characters a Bearer token cannot carry; use letters, digits and - . _ ~ + / (= at the end)` });
    else if (tokens.some((token) => token.id === id)) problems.push({ message: `${where}: the id ${id} is given twice; give each token its own id` });
    else tokens.push({ id, secret });
  });
  return { tokens, problems };
}

/**
 * A set of bearer tokens, held as SHA-256 digests. A presented token is digested and
 * compared with every digest with `timingSafeEqual`, without stopping at a match:
 * fixed-length digests make the comparison's time independent of how much of a guess
 * is right, and of which token (if any) it matches.
 */
export class TokenSet {
  private readonly digests: ReadonlyArray<{ readonly id: string; readonly digest: Buffer }>;

  constructor(tokens: readonly AccessToken[]) {
    this.digests = tokens.map((token) => ({ id: token.id, digest: sha256(token.secret) }));
  }

  /** How many tokens the set holds. */
  get size(): number {
    return this.digests.length;
  }

  /** The id of the token `presented` is, or undefined when it is none of them. */
  identify(presented: string): string | undefined {
    const digest = sha256(presented);
    let found: string | undefined;
    for (const token of this.digests) {
      if (timingSafeEqual(token.digest, digest) && found === undefined) found = token.id;
    }
    return found;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

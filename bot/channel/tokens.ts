import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** conversation: every REST call; stream: opening the WebSocket (it travels in a URL, so it lives briefly and once) */
export type TokenKind = 'conversation' | 'stream';
/** `born`: when the conversation's first token was issued; a refresh keeps it, so a chain of refreshes ends. */
export type TokenClaims = { conv: string; user: string; kind: TokenKind; iat: number; exp: number; born: number; jti: string };
export type IssuedToken = { token: string; expiresIn: number };

export type Tokens = {
  /** a token for the conversation; `born` carries over the first token's time on a refresh */
  issue: (conversationId: string, userId: string, kind?: TokenKind, born?: number) => IssuedToken;
  /** the claims of a well-signed, unexpired token of that kind; undefined for anything else */
  verify: (token: string | undefined, kind?: TokenKind) => TokenClaims | undefined;
  secondsLeft: (claims: TokenClaims) => number;
};

export type TokenOptions = {
  secret: string;
  ttlSeconds: number;
  /** no token of a conversation outlives its first by more than this, however often it is refreshed */
  maxAgeSeconds: number;
  now?: () => Date;
};

// Long enough for a slow network between getting a streamUrl and opening it.
const STREAM_TOKEN_SECONDS = 60;
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
// Strict base64url without padding: Buffer.from(…, 'base64url') would skip any other character and still decode.
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * HS256 JWTs bound to one conversation. The widget (like Web Chat) reads the `user` claim as the merchant's id,
 * the same as with Azure's Direct Line tokens.
 */
export function createTokens(options: TokenOptions): Tokens {
  const now = () => Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const sign = (data: string) => createHmac('sha256', options.secret).update(data).digest();

  return {
    issue(conversationId, userId, kind = 'conversation', born = now()) {
      const left = born + options.maxAgeSeconds - now();
      const expiresIn = Math.max(0, Math.min(kind === 'stream' ? STREAM_TOKEN_SECONDS : options.ttlSeconds, left));
      const jti = randomBytes(9).toString('base64url');
      const claims: TokenClaims = { conv: conversationId, user: userId, kind, iat: now(), exp: now() + expiresIn, born, jti };
      const data = `${HEADER}.${base64url(JSON.stringify(claims))}`;
      return { token: `${data}.${sign(data).toString('base64url')}`, expiresIn };
    },
    verify(token, kind = 'conversation') {
      const parts = token?.split('.') ?? [];
      const [header, payload, signature] = parts;
      if (parts.length !== 3 || header !== HEADER || !payload || !signature) return undefined;
      if (!BASE64URL.test(payload) || !BASE64URL.test(signature)) return undefined;
      // Compared as text: only the canonical spelling passes (no trailing bits that decode to the same bytes).
      const expected = Buffer.from(sign(`${header}.${payload}`).toString('base64url'));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const claims = parseClaims(payload);
      const t = now();
      if (!claims || claims.kind !== kind || claims.exp <= t || claims.born + options.maxAgeSeconds <= t) return undefined;
      return claims;
    },
    secondsLeft: (claims) => Math.max(0, Math.min(claims.exp, claims.born + options.maxAgeSeconds) - now()),
  };
}

function parseClaims(payload: string): TokenClaims | undefined {
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TokenClaims>;
    const ok =
      typeof claims.conv === 'string' &&
      typeof claims.user === 'string' &&
      typeof claims.exp === 'number' &&
      typeof claims.born === 'number' &&
      typeof claims.jti === 'string';
    return ok ? (claims as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

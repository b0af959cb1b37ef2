import { createHmac, timingSafeEqual } from 'node:crypto';

/** conversation: every REST call; stream: opening the WebSocket (it travels in a URL, so it lives only briefly) */
export type TokenKind = 'conversation' | 'stream';
export type TokenClaims = { conv: string; user: string; kind: TokenKind; iat: number; exp: number };
export type IssuedToken = { token: string; expiresIn: number };

export type Tokens = {
  issue: (conversationId: string, userId: string, kind?: TokenKind) => IssuedToken;
  /** the claims of a well-signed, unexpired token of that kind; undefined for anything else */
  verify: (token: string | undefined, kind?: TokenKind) => TokenClaims | undefined;
  secondsLeft: (claims: TokenClaims) => number;
};

// Long enough for a slow network between getting a streamUrl and opening it.
const STREAM_TOKEN_SECONDS = 60;
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * HS256 JWTs bound to one conversation. The widget (like Web Chat) reads the `user` claim as the merchant's id,
 * the same as with Azure's Direct Line tokens.
 */
export function createTokens(options: { secret: string; ttlSeconds: number; now?: () => number }): Tokens {
  const now = () => Math.floor((options.now?.() ?? Date.now()) / 1000);
  const sign = (data: string) => createHmac('sha256', options.secret).update(data).digest();

  return {
    issue(conversationId, userId, kind = 'conversation') {
      const expiresIn = kind === 'stream' ? STREAM_TOKEN_SECONDS : options.ttlSeconds;
      const claims: TokenClaims = { conv: conversationId, user: userId, kind, iat: now(), exp: now() + expiresIn };
      const data = `${HEADER}.${base64url(JSON.stringify(claims))}`;
      return { token: `${data}.${sign(data).toString('base64url')}`, expiresIn };
    },
    verify(token, kind = 'conversation') {
      const [header, payload, signature] = token?.split('.') ?? [];
      if (header !== HEADER || !payload || !signature) return undefined;
      const expected = sign(`${header}.${payload}`);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const claims = parseClaims(payload);
      if (!claims || claims.kind !== kind || claims.exp <= now()) return undefined;
      return claims;
    },
    secondsLeft: (claims) => Math.max(0, claims.exp - now()),
  };
}

function parseClaims(payload: string): TokenClaims | undefined {
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TokenClaims>;
    const ok = typeof claims.conv === 'string' && typeof claims.user === 'string' && typeof claims.exp === 'number';
    return ok ? (claims as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

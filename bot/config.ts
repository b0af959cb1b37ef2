import { z } from 'zod';
import { isPasswordHash } from './staff/password-hash.js';
import { parseSupportHours, type SupportHours } from './staff/support-hours.js';
import { STAFF_ROLES, type StaffRole, type StaffUser } from './staff/staff-user.js';

const list = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );
const ratio = z.coerce.number().min(0).max(1);
const perMinute = z.coerce.number().int().min(0);

// "name:Display Name:agent+editor:<hash>" entries, separated by ";" or new lines.
const staffUsers = z
  .string()
  .default('')
  .transform((text, ctx): StaffUser[] => {
    const users: StaffUser[] = [];
    for (const entry of text
      .split(/[;\n]/)
      .map((e) => e.trim())
      .filter(Boolean)) {
      const [name = '', displayName = '', roles = '', passwordHash = '', ...rest] = entry.split(':').map((f) => f.trim());
      const roleList = roles.split('+').filter(Boolean);
      const problem =
        rest.length > 0 || !passwordHash
          ? 'needs exactly four fields, name:Display Name:roles:hash'
          : !/^[a-z0-9._-]{1,64}$/i.test(name)
            ? `name "${name}" may only hold letters, digits, ".", "_" and "-"`
            : !displayName
              ? `${name} has no display name`
              : roleList.length === 0 || roleList.some((r) => !STAFF_ROLES.includes(r as StaffRole))
                ? `${name}: roles must be agent, editor or privacy, joined with + (agent+editor)`
                : !isPasswordHash(passwordHash)
                  ? `${name}: the password must be a hash from "npm run staff:hash"`
                  : users.some((u) => u.name === name)
                    ? `${name} is listed twice`
                    : undefined;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      else users.push({ name, displayName, roles: roleList as StaffRole[], passwordHash });
    }
    return users;
  });

const supportHours = z
  .string()
  .default('Mon-Fri 09:00-17:00')
  .transform((text, ctx): SupportHours => {
    const parsed = parseSupportHours(text);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    return typeof parsed === 'string' ? [] : parsed;
  });

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Tallinn');

// Express's "trust proxy": empty = no proxy (the connection's address counts), a number of proxy hops, or the proxies'
// addresses/subnets ("loopback", "10.0.0.0/8"). "true" would let any client name its own address, so it is refused.
const trustProxy = z
  .string()
  .default('')
  .transform((text, ctx): false | number | string[] => {
    const value = text.trim();
    if (value === '' || value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    if (value === 'true')
      ctx.addIssue({
        code: 'custom',
        message:
          'must name the proxy ("loopback", its address or subnet) or the number of proxies in front; "true" would let any client choose its own address',
      });
    return value
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  });

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  // Empty: local use without Bot Framework authentication (Emulator, the built-in widget).
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  // Hosts the bot may post replies to without credentials, e.g. "localhost" for the Bot Framework Emulator.
  UNAUTHENTICATED_REPLY_HOSTS: list,
  DEFAULT_LOCALE: z.string().default('et'),
  CONTENT_DIR: z.string().default('content'),
  LOCALES_DIR: z.string().default('locales'),
  PORTAL_BASE_URL: z.url().default('https://partner.montonio.com'),
  // Guide score a single answer needs; below it the bot asks or offers a person (see README, "Answer thresholds").
  ANSWER_MIN_SCORE: z.coerce.number().positive().default(1.2),
  // The runner-up within this share of the best guide makes the bot ask which one was meant.
  CLARIFY_RATIO: ratio.default(0.8),
  // An out-of-scope topic this strong, next to the best guide's score, wins: better "I can't help" than a wrong guide.
  DECLINE_MIN_SCORE: z.coerce.number().positive().default(1.0),
  DECLINE_RATIO: ratio.default(0.8),
  // Characters of a message the bot reads; the rest is ignored (and the merchant told so).
  MAX_MESSAGE_CHARS: z.coerce.number().int().positive().default(2000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  // Conversations, their activities, bot state and the generated token key live in a SQLite file here.
  DATA_DIR: z.string().min(1).default('data'),
  // PostgreSQL shared by several instances (postgres://user:password@host:5432/db). Empty: the SQLite file in DATA_DIR.
  DATABASE_URL: z
    .union([z.literal(''), z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL, or empty for the SQLite file in DATA_DIR')])
    .default(''),
  // Connections each instance keeps to PostgreSQL: for the stores, and for turn locks (one per turn running at once).
  // Instances × (both + 1 listening) must stay under the server's max_connections (100 by default).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  DATABASE_TURN_LOCK_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  // Signs web chat tokens. Empty: a random key is generated once and kept in DATA_DIR, so tokens survive restarts.
  DIRECT_LINE_SECRET: z
    .string()
    .refine((s) => s === '' || s.length >= 32, 'must be at least 32 characters, or empty to generate one')
    .default(''),
  // A token is good this long. At least 16: the widget refreshes its token every 15 minutes while the page is open.
  DIRECT_LINE_TOKEN_MINUTES: z.coerce
    .number()
    .int()
    .min(16)
    .max(24 * 60)
    .default(30),
  // However often a token is refreshed, none of a conversation outlives its first token by more than this.
  DIRECT_LINE_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  // Per client address and minute (0: no limit). A page load takes one token and one start; an office behind one
  // address opens a few dozen chats an hour, a script thousands a second.
  RATE_LIMIT_TOKENS_PER_MINUTE: perMinute.default(30),
  RATE_LIMIT_STARTS_PER_MINUTE: perMinute.default(30),
  // Messages per conversation and minute (0: no limit): a person types a few; a script hundreds.
  RATE_LIMIT_TURNS_PER_MINUTE: perMinute.default(30),
  // Messages per client address and minute, across its conversations (0: no limit).
  RATE_LIMIT_ADDRESS_TURNS_PER_MINUTE: perMinute.default(300),
  // A conversation whose token was taken but that was never started is deleted after this many minutes.
  UNSTARTED_CONVERSATION_MINUTES: z.coerce.number().int().min(1).default(60),
  // Open WebSocket streams per conversation (Web Chat keeps one; a reload briefly two) and per client address.
  STREAMS_PER_CONVERSATION: z.coerce.number().int().min(1).default(4),
  STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  // Open TCP connections to the whole server; past it new ones are refused until others close.
  MAX_CONNECTIONS: z.coerce.number().int().min(10).default(2000),
  // The widget's Direct Line: empty = this server. For Azure Bot Service: https://directline.botframework.com/v3/directline
  WIDGET_DIRECT_LINE_DOMAIN: z.union([z.literal(''), z.url()]).default(''),
  // Where the widget gets a token (POST, answers { token, conversationId }). Empty = <domain>/tokens/generate on this server.
  WIDGET_TOKEN_URL: z.union([z.literal(''), z.url()]).default(''),
  // Pages on these origins open Partner System links in the same tab. Empty = the origin of PORTAL_BASE_URL.
  WIDGET_SAME_TAB_ORIGINS: list,
  // Who may sign in to /agent and /editor. Empty: one "admin" (agent+editor) whose password is printed once at first boot.
  STAFF_USERS: staffUsers,
  // The reverse proxy in front of the bot, so the client's own address (X-Forwarded-For) counts for sign-in throttling and per-client limits.
  TRUST_PROXY: trustProxy,
  // Conversations, transcripts, turn records, feedback and handoff cases older than this many days are deleted (hourly). 0: kept forever.
  RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(180),
  // A staff sign-in ends after this many hours without use: a shift, not forever on a shared computer.
  STAFF_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  // When agents answer chats; outside these hours the bot takes an e-mail address instead. Empty: always.
  SUPPORT_HOURS: supportHours,
  // The time zone SUPPORT_HOURS are in, and the one the bot names opening times in.
  SUPPORT_TIMEZONE: timeZone.default('Europe/Tallinn'),
  // An external helpdesk that also gets every handoff packet (POST, JSON). Empty: only the built-in console.
  HANDOFF_WEBHOOK_URL: z.union([z.literal(''), z.url()]).default(''),
  // Signs the webhook body (HMAC-SHA256, header X-Signature-256: sha256=<hex>) so the helpdesk can trust it.
  HANDOFF_WEBHOOK_SECRET: z.string().default(''),
  // How long the helpdesk has to answer one try. A delivery an instance has claimed is its own for six times this long:
  // if that instance dies, another one sends the delivery after that.
  HANDOFF_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
  // E-mail answers to requests left out of hours go out through this server (smtp://user:pass@host:587, smtps://…:465).
  // Empty: the console keeps each answer as a draft and says that e-mail is not set up.
  SMTP_URL: z.union([z.literal(''), z.url()]).default(''),
  // The sender of e-mail answers, "Name <address>".
  MAIL_FROM: z.string().min(3).default('Montonio support <support@montonio.com>'),
  // Handoff cases one client (one web conversation or one Bot Framework user) may open per hour: stops a flood of cases.
  HANDOFF_CASES_PER_HOUR: z.coerce.number().int().positive().default(5),
  // A chat nobody took within this many minutes ends, and the merchant is told (offered the e-mail route next time).
  HANDOFF_WAIT_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .default(30),
  // Saving a file in CONTENT_DIR reloads the guides within two seconds. Off ("false") where content/ is read-only or baked in.
  CONTENT_WATCH: z.stringbool().default(true),
  // GET /metrics (Prometheus) answers only with "Authorization: Bearer <this>". Empty: /metrics is not served (404).
  METRICS_TOKEN: z
    .string()
    .refine((s) => s === '' || s.length >= 16, 'must be at least 16 characters, or empty to serve no /metrics')
    .default(''),
  // On SIGTERM/SIGINT: stop accepting, let running turns finish for at most this many seconds, then close streams and the database.
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  // The editor page lists guides whose `reviewed` date is older than this many days: services and screens change.
  EDITOR_REVIEW_MAX_AGE_DAYS: z.coerce.number().int().positive().default(180),
});

export type Config = z.infer<typeof EnvSchema>;

/** Every variable the bot reads, for the check that .env.example and the README list them all. */
export const CONFIG_KEYS = Object.keys(EnvSchema.shape);

// A webhook that anyone could forge is worse than none: the signature is what lets the helpdesk trust the packet.
const CheckedSchema = EnvSchema.refine((c) => !c.HANDOFF_WEBHOOK_URL || c.HANDOFF_WEBHOOK_SECRET.length >= 16, {
  path: ['HANDOFF_WEBHOOK_SECRET'],
  message: 'needs at least 16 characters when HANDOFF_WEBHOOK_URL is set',
})
  // A key generated by one instance would be unknown to the others: a token from one must open the chat on every one.
  .refine((c) => !c.DATABASE_URL || c.DIRECT_LINE_SECRET !== '', {
    path: ['DIRECT_LINE_SECRET'],
    message: 'must be set (32+ characters, the same on every instance) when DATABASE_URL is set: each instance must accept the web chat tokens the others sign',
  });

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = CheckedSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid environment (compare with .env.example):\n${problems.join('\n')}`);
}

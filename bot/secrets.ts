import { isEstonianPersonalCode, passesLuhn } from './secret-checks.js';
import { NOT_A_PASSWORD } from './secret-words.js';

const MASK = '••••••';

// Merchants give these to agents on purpose: e-mail addresses, IBANs (uppercase, as banks print them), links.
const KEPT = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])|https?:\/\/\S+/gu;

// Every Estonian form and compound of parool and salasõna (parooliks, parooliga, algparool, salasõnaks…), the English
// words, and "pass" only where a value follows at once ("the pass is …"), since "pass" is mostly a verb.
const PASSWORD_LABEL = String.raw`(?<![\p{L}\p{N}])(?:\p{L}*parool\p{L}*|\p{L}*salas[õo]n\p{L}*|pass(?:word|wd|phrase|code)s?|pwd|salajane\s+võti|salajase\s+võtme\p{L}*|(?:(?:api|client)[\s_-]*)?secret(?:[\s_-]*key)?|pass(?=\s*(?:is|was|=|:)\s))(?!\p{L})`;
// Words between the label and the value: "parooliks on …", "password was set to …", "parool: …".
const CONNECTOR = String.raw`(?:\s*(?:[:=]|[-–—](?=\s)|(?<!\p{L})(?:on|oli|olgu|saab|sai|panin|panen|määrasin|valisin|kasutan|kasutasin|is|was|be|will|would|set|to|now|nüüd|hetkel|praegu|currently|still|ikka)(?!\p{L})))*`;
const QUOTED = String.raw`(["'“„«‘])([^"'“”„«»‘’\n]{1,100})(["'”“»’])`;
const TOKEN = String.raw`([^\s"'“”„«»]{3,})`;
const LABELLED = new RegExp(`(${PASSWORD_LABEL})(${CONNECTOR})(\\s*)(?:${QUOTED}|${TOKEN})`, 'giu');
// "Tere123 on mu parool", "4321 is my PIN"
const VALUE_FIRST =
  /(?<![\p{L}\p{N}])([^\s"'“”„«»]{3,})(\s+(?:on|is)\s+(?:(?:mu|minu|meie|my|our|the|kaardi|card)\s+)?(?:parool|salasõna|password|pass|pin[12]?|cvc|cvv)(?!\p{L}))/giu;

// CVC/CVV/PIN/PUK codes with digits next to them: "CVC: 123", "PIN1-kood on 1234", "security code 123".
const CODE =
  /(?<![\p{L}\p{N}])((?:cvc|cvv|cvn|csc|cid)2?|puk[12]?|pin[12]?(?:[\s-]?kood\p{L}*)?|pin-?code|turvakood\p{L}*|(?:security|card|verification)\s+code)(?!\p{L})((?:\s*(?:[:=#]|[-–—]|(?<!\p{L})(?:on|oli|is|was|kood|code|number|nr|mu|minu|my|the)(?!\p{L})))*\s*)(\d{3,8})(?!\d)/giu;

// Card numbers as people type them: plain, or groups of digits split by one kind of separator (4-4-4-4, 4-6-5 …).
const CARD = /(?<![\d-])(?:\d{13,19}|\d{4}([ -])\d{3,6}(?:\1\d{3,6}){1,3})(?![\d])/g;
const PERSONAL_CODE = /(?<![\d+])[1-6]\d{10}(?!\d)/g;

// Long random-looking strings: API secrets, tokens. UUIDs (store ids, access keys) are not secrets and stay.
const KEY_SHAPED = /(?<![\w-])(?=[A-Za-z0-9_\-+/=.]*\d)(?=[A-Za-z0-9_\-+/=.]*[A-Za-z])[A-Za-z0-9_\-+/=.]{24,}(?![\w-])/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Masked = { text: string; found: boolean };

/**
 * Masks what a merchant should never have pasted: passwords, card numbers (Luhn), CVC/PIN codes, Estonian personal
 * codes (check digit) and API secrets. E-mail addresses, IBANs and links stay whole; so do order numbers, amounts,
 * dates and phone numbers, which fail those checks.
 */
export function maskSecrets(text: string): Masked {
  let found = false;
  const hide = (_value: string) => {
    found = true;
    return MASK;
  };
  const maskPart = (part: string): string =>
    part
      .replace(LABELLED, (whole, label: string, connector: string, space: string, open?: string, quoted?: string, close?: string, token?: string) => {
        if (quoted !== undefined) return `${label}${connector}${space}${open}${hide(quoted)}${close}`;
        const value = token as string;
        const core = value.replace(/[.,;:!?)\]]+$/u, '');
        const linked = connector.trim() !== '';
        if (core.length < 3 || core === MASK || NOT_A_PASSWORD.has(core.toLowerCase())) return whole;
        if (!linked && (space === '' || !looksLikePassword(core))) return whole;
        return `${label}${connector}${space}${hide(core)}${value.slice(core.length)}`;
      })
      .replace(VALUE_FIRST, (whole, value: string, rest: string) => (looksLikePassword(value) && value !== MASK ? `${hide(value)}${rest}` : whole))
      .replace(CODE, (_whole, label: string, between: string, digits: string) => `${label}${between}${hide(digits)}`)
      .replace(CARD, (number) => {
        const digits = number.replace(/\D/g, '');
        if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) return number;
        found = true;
        return `${MASK}${digits.slice(-4)}`;
      })
      .replace(PERSONAL_CODE, (digits) => (isEstonianPersonalCode(digits) ? hide(digits) : digits))
      .replace(KEY_SHAPED, (token) => (UUID.test(token) || !looksRandom(token) ? token : hide(token)));
  let masked = '';
  let last = 0;
  for (const kept of text.matchAll(KEPT)) {
    masked += maskPart(text.slice(last, kept.index)) + kept[0];
    last = kept.index + kept[0].length;
  }
  masked += maskPart(text.slice(last));
  return { text: masked, found };
}

/** A value after "parool" with no "on"/":" between is a password only when it looks like one: digits, symbols, MiXed case. */
function looksLikePassword(value: string): boolean {
  return /\d/.test(value) || /[^\p{L}\p{N}]/u.test(value) || /\p{Ll}\p{Lu}/u.test(value);
}

// Words joined by dashes ("tagastamise-võimalusega-pangamaksed-2024") are not keys: a key mixes case or digits densely.
function looksRandom(token: string): boolean {
  const digits = (token.match(/\d/g) ?? []).length;
  const upper = (token.match(/[A-Z]/g) ?? []).length;
  const lower = (token.match(/[a-z]/g) ?? []).length;
  return digits >= 3 && (upper >= 2 || digits / token.length > 0.2) && lower + upper >= 4;
}

const MASK = '••••••';

// A value written after a word that names a secret: "password: hunter2", "secret key on abc…", "parool on …".
const LABELLED = /\b(secret[\s_-]*key|api[\s_-]*secret|client[\s_-]*secret|secret|salajane\s+võti|salajase\s+võtme|password|passwd|pwd|parool|parooli|salasõna)(\s*(?:on|is|=|:|-)?\s*)(["']?)([^\s"',;]{4,})\3/giu;
// Long random-looking strings: API secrets, tokens. UUIDs (store ids, access keys) are not secrets and stay.
const KEY_SHAPED = /(?<![\w-])(?=[A-Za-z0-9_\-+/=.]*\d)(?=[A-Za-z0-9_\-+/=.]*[A-Za-z])[A-Za-z0-9_\-+/=.]{24,}(?![\w-])/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URL_LIKE = /^(https?:|www\.)/i;

export type Masked = { text: string; found: boolean };

export function maskSecrets(text: string): Masked {
  let found = false;
  let masked = text.replace(LABELLED, (whole, label: string, sep: string, quote: string, value: string) => {
    if (/^(on|is|ei|not|the|my|mu|minu|\p{L}{1,3})$/iu.test(value) || value === MASK) return whole;
    found = true;
    return `${label}${sep}${quote}${MASK}${quote}`;
  });
  masked = masked.replace(KEY_SHAPED, (token) => {
    if (UUID.test(token) || URL_LIKE.test(token) || !looksRandom(token)) return token;
    found = true;
    return MASK;
  });
  return { text: masked, found };
}

// Words joined by dashes ("tagastamise-võimalusega-pangamaksed-2024") are not keys: a key mixes case or digits densely.
function looksRandom(token: string): boolean {
  const digits = (token.match(/\d/g) ?? []).length;
  const upper = (token.match(/[A-Z]/g) ?? []).length;
  const lower = (token.match(/[a-z]/g) ?? []).length;
  return digits >= 3 && (upper >= 2 || digits / token.length > 0.2) && lower + upper >= 4;
}

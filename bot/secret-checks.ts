/** Payment card numbers carry a Luhn check digit; a run of digits that fails it is an order number, not a card. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];

/**
 * An Estonian personal identification code (isikukood): GYYMMDDSSSC, G 1–6 (century and sex), a real birth date and
 * the check digit of the standard (weights 1…9,1; if the remainder is 10, weights 3…9,1,2,3; 10 again gives 0).
 */
export function isEstonianPersonalCode(digits: string): boolean {
  if (!/^[1-6]\d{10}$/.test(digits)) return false;
  const century = 1800 + Math.floor((Number(digits[0]) - 1) / 2) * 100;
  const year = century + Number(digits.slice(1, 3));
  const month = Number(digits.slice(3, 5));
  const day = Number(digits.slice(5, 7));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  const weighted = (weights: number[]) => weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0) % 11;
  let check = weighted(FIRST_WEIGHTS);
  if (check === 10) check = weighted(SECOND_WEIGHTS) % 10;
  return check === Number(digits[10]);
}

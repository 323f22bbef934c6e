/**
 * Phone normalisation and the masks Boai shows instead of personal data (DESIGN §4.9). Pure
 * functions: no I/O, nothing logged; the browser may use them too.
 */

/** Mainland mobile numbers: 11 digits starting 13–19. */
const mobilePattern = /^1[3-9]\d{9}$/;
/**
 * Landlines with their area code and trunk 0: Beijing 010 and the 02x cities have 3-digit area
 * codes and 8-digit numbers; elsewhere 4-digit area codes (e.g. 0713 Huanggang) and 7 or 8 digits.
 */
const landlinePattern = /^(?:0(?:10|2\d)\d{8}|0[3-9]\d{2}\d{7,8})$/;

/**
 * A phone number as typed → its canonical digits, or undefined when it is not a mainland number.
 *
 * Accepts spaces, dashes, dots and parentheses between digits, and a `+86`, `0086` or `86`
 * country prefix. Mobiles become 11 digits (`13812345678`); landlines keep their area code with
 * its trunk 0 (`0713-5012345` → `07135012345`; `+86 713 5012345` → `07135012345`).
 */
export function normalizePhone(raw: string): string | undefined {
  const compact = raw.trim().replace(/[\s\-.()（）]/g, '');
  if (!/^\+?\d{7,16}$/.test(compact)) return undefined;
  let digits = compact.replace(/^\+/, '');
  const international = compact.startsWith('+86') || digits.startsWith('0086');
  if (compact.startsWith('+') && !compact.startsWith('+86')) return undefined;
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (compact.startsWith('+86')) digits = digits.slice(2);
  else if (digits.startsWith('86') && mobilePattern.test(digits.slice(2))) digits = digits.slice(2);
  if (mobilePattern.test(digits)) return digits;
  // Written internationally, a landline drops its trunk 0: +86 713 5012345.
  if (international && !digits.startsWith('0')) digits = `0${digits}`;
  return landlinePattern.test(digits) ? digits : undefined;
}

/** Length of a normalised landline's area code including the trunk 0. */
function areaCodeLength(landline: string): number {
  return /^0(?:10|2\d)/.test(landline) ? 3 : 4;
}

/**
 * A phone for display: `138****5678` for mobiles, `0713-****2345` for landlines (area code and
 * last four digits; the stars never reveal the number's length). Anything that is not a mainland
 * number comes back as `****`, never as typed.
 */
export function maskPhone(phone: string): string {
  const digits = normalizePhone(phone);
  if (!digits) return '****';
  if (mobilePattern.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${digits.slice(0, areaCodeLength(digits))}-****${digits.slice(-4)}`;
}

const hanPattern = /\p{Script=Han}/u;

/**
 * A person's name for display. Chinese names keep the first and (from three characters on) the
 * last character: 张三 → 张*, 王小明 → 王*明, 欧阳娜娜 → 欧**娜. Other names keep the first letter:
 * `Alice Wang` → `A***`. A single character becomes `*`.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (!hanPattern.test(name)) return `${chars[0]}***`;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

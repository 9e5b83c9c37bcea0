import validator from 'validator';

export const EMAIL_MAX_LENGTH = 254;

/** What the user typed, trimmed: kept for display and for sending mail. */
export function cleanEmail(email: string): string {
  return email.trim();
}

/** Control, format and other invisible characters: an address that shows as another one. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}]/u;

export function isValidEmail(email: string): boolean {
  if (email.length > EMAIL_MAX_LENGTH) return false;
  if (!email.isWellFormed() || INVISIBLE.test(email)) return false;
  return validator.isEmail(email, {
    allow_utf8_local_part: true,
    require_tld: true,
    allow_ip_domain: false,
  });
}

/**
 * The canonical form used for uniqueness and login. NFKC folds compatibility forms (a
 * full-width "Ａ" is an "A") but never maps letters of one script onto another, so a Cyrillic
 * "а" stays a different address from a Latin "a".
 */
export function emailKey(email: string): string {
  return cleanEmail(email).normalize('NFKC').toLowerCase();
}

import validator from 'validator';

export const EMAIL_MAX_LENGTH = 254;

/** What the user typed, trimmed: kept for display and for sending mail. */
export function cleanEmail(email: string): string {
  return email.trim();
}

export function isValidEmail(email: string): boolean {
  if (email.length > EMAIL_MAX_LENGTH) return false;
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

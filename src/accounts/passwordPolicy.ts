import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldProblem } from '../errors.js';

/** Longest accepted password, in code points: refused before any hashing is spent on it. */
export const PASSWORD_MAX_LENGTH = 256;

const SERVICE_NAME_WORDS = ['accounts', 'accountsapi'];

/** About 49,000 common and breached passwords, kept up to date by the zxcvbn-ts project. */
const commonPasswords = new Set(
  dictionary['passwords-common'].flatMap((word) => [word.toLowerCase(), compact(word)]),
);
commonPasswords.delete('');

export interface PasswordOwner {
  email: string;
  name?: string | undefined;
  company?: string | undefined;
}

/** NFKC, so that the same password typed on any keyboard or platform is the same input. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Checks a new password (NIST SP 800-63B-4): long enough, not too long, not common, not
 * made of the owner's own details. No composition rules: a passphrase of words is fine.
 */
export function passwordProblem(
  password: string,
  owner: PasswordOwner,
  minLength: number,
): FieldProblem | undefined {
  if (password.trim() === '') return 'REQUIRED';
  if (password.length > PASSWORD_MAX_LENGTH * 2) return 'TOO_LONG';
  if (!password.isWellFormed()) return 'INVALID_CHARACTERS';

  const length = [...normalizePassword(password)].length;
  if (length < minLength) return 'TOO_SHORT';
  if (length > PASSWORD_MAX_LENGTH) return 'TOO_LONG';

  if (isGuessable(password, owner)) return 'TOO_COMMON';
  return undefined;
}

/**
 * True when the password is a common one, a repetition of one ("passwordpassword"), or
 * nothing but digits and common words once the owner's email, name and company and the
 * service's name are taken out of it.
 */
function isGuessable(password: string, owner: PasswordOwner): boolean {
  const whole = compact(password) || password.normalize('NFKC').toLowerCase();
  if (isCommon(whole)) return true;

  let rest = whole;
  for (const word of personalWords(owner)) rest = rest.replaceAll(word, '');

  if (rest === whole) return false;
  return rest === '' || /^\p{N}+$/u.test(rest) || isCommon(rest);
}

function isCommon(text: string): boolean {
  return commonPasswords.has(text) || commonPasswords.has(repeatedUnit(text));
}

/** Words a guesser would try first for this person, longest first, at least 3 characters. */
function personalWords(owner: PasswordOwner): string[] {
  const [localPart = '', domain = ''] = owner.email.split('@');
  const phrases = [owner.email, localPart, domain, owner.name ?? '', owner.company ?? ''];
  const parts = phrases.flatMap((phrase) => phrase.split(/[^\p{L}\p{N}]+/u));

  const words = [...phrases, ...parts, ...SERVICE_NAME_WORDS].map(compact);
  return [...new Set(words)].filter((word) => word.length >= 3).sort((a, b) => b.length - a.length);
}

/** Lower-case letters and digits only: spacing and punctuation do not make a password new. */
function compact(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The shortest piece that the text repeats, or the text itself: "abcabc" gives "abc". */
function repeatedUnit(text: string): string {
  const match = /^(.+?)\1+$/su.exec(text);
  return match?.[1] ?? text;
}

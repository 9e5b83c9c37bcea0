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
 * True when the password is a common one, a repetition of one ("passwordpassword") or of a
 * short piece ("123123123123123"), or
 * nothing but digits and common words once the owner's email, name and company and the
 * service's name are taken out of it.
 */
function isGuessable(password: string, owner: PasswordOwner): boolean {
  const typed = password.normalize('NFKC').toLowerCase();
  // "a..............." or "1!!!!!!!!!!!!!!!": a character or two held down.
  if (new Set(typed.replace(INVISIBLE, '')).size < MIN_DISTINCT_CHARACTERS) return true;
  const whole = compact(password) || typed;
  if (isCommon(whole) || isKeyRun(whole)) return true;

  let rest = whole;
  for (const word of personalWords(owner)) rest = rest.replaceAll(word, '');

  if (rest === whole) return false;
  return rest === '' || /^\p{N}+$/u.test(rest) || isCommon(rest);
}

/** Fewer different characters than this, whatever the length, is a key held down. */
const MIN_DISTINCT_CHARACTERS = 5;
const INVISIBLE = /[\s\p{Cf}]/gu;

/** Rows a guesser runs along, forwards or backwards: "1234567890123456", "abcdefgh...". */
const KEY_RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function isKeyRun(text: string): boolean {
  return KEY_RUNS.some((run) => {
    const long = run.repeat(Math.ceil(text.length / run.length) + 1);
    return long.includes(text) || [...long].reverse().join('').includes(text);
  });
}

/** Pieces this short, said over and over ("aaaa...", "123123..."), are guessed first. */
const SHORT_PIECE = 4;

function isCommon(text: string): boolean {
  if (commonPasswords.has(text)) return true;
  return repeatedPieces(text).some(
    (piece) => [...piece].length <= SHORT_PIECE || commonPasswords.has(piece),
  );
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

/**
 * Every piece the text is nothing but repetitions of: "111111111111111111" gives "1", "111",
 * "111111" and "111111111", so a common piece is found whichever one a guesser repeated.
 */
function repeatedPieces(text: string): string[] {
  const characters = [...text];
  const pieces: string[] = [];
  for (let size = 1; size <= characters.length / 2; size += 1) {
    if (characters.length % size !== 0) continue;
    const piece = characters.slice(0, size).join('');
    if (piece.repeat(characters.length / size) === text) pieces.push(piece);
  }
  return pieces;
}

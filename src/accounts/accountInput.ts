import { z } from 'zod';
import { badUserInput, type FieldProblem, type FieldProblems } from '../errors.js';
import { cleanEmail, EMAIL_MAX_LENGTH, emailKey, isValidEmail } from './email.js';
import { PASSWORD_MAX_LENGTH, passwordProblem, type PasswordOwner } from './passwordPolicy.js';

export const PROFILE_TEXT_MAX_LENGTH = 200;

/** Reason codes travel as zod messages, so the first failed check of a field names it. */
const problem = (reason: FieldProblem) => ({ message: reason, abort: true });

/**
 * Control characters, line and paragraph separators, and format characters: the bidirectional
 * marks and overrides that make text display out of order, invisible tags, joiners. Only the
 * zero-width joiner and non-joiner stay, which emoji sequences and several scripts need. Also
 * private-use characters and noncharacters, which show as nothing or as a box.
 */
const FORBIDDEN_IN_TEXT =
  /[\p{Cc}\p{Zl}\p{Zp}\p{Co}\uFDD0-\uFDEF\uFFFE\uFFFF]|(?![\u200C\u200D])\p{Cf}/u;
/**
 * More combining marks on one letter than any script writes (joiners between them do not
 * break the stack): text drawn over its neighbours.
 */
const STACKED_MARKS = /(?:\p{M}[\u200C\u200D]?){6}/u;
/** Characters that show nothing: a name made only of them is blank. */
const INVISIBLE = /[\s\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;

const profileText = z
  .string()
  .trim()
  .refine((text) => text.replace(INVISIBLE, '') !== '', problem('REQUIRED'))
  .max(PROFILE_TEXT_MAX_LENGTH, problem('TOO_LONG'))
  .refine(
    (text) => text.isWellFormed() && !FORBIDDEN_IN_TEXT.test(text) && !STACKED_MARKS.test(text),
    problem('INVALID_CHARACTERS'),
  );

const email = z
  .string()
  .transform(cleanEmail)
  .pipe(
    z
      .string()
      .min(1, problem('REQUIRED'))
      .max(EMAIL_MAX_LENGTH, problem('TOO_LONG'))
      .refine(isValidEmail, problem('INVALID_EMAIL')),
  );

const registrationShape = z.object({
  name: profileText,
  email,
  company: profileText,
  password: z.string(),
});

/** A password typed to prove who one is: checked against the hash, not against the policy. */
const enteredPassword = z
  .string()
  .refine((password) => password.trim() !== '', problem('REQUIRED'))
  .refine((password) => password.length <= PASSWORD_MAX_LENGTH * 2, problem('TOO_LONG'));

const loginShape = z.object({
  // No account has a longer address; the cap also bounds the rate limiters' keys.
  email: z.string().trim().min(1, problem('REQUIRED')).max(EMAIL_MAX_LENGTH, problem('TOO_LONG')),
  password: enteredPassword,
});

const profileUpdateShape = z.object({
  name: profileText.optional(),
  company: profileText.optional(),
});

export interface Registration {
  name: string;
  email: string;
  emailKey: string;
  company: string;
  password: string;
}

export interface LoginAttempt {
  emailKey: string;
  password: string;
}

/** A checked registration, or BAD_USER_INPUT naming every bad field and why. */
export function parseRegistration(input: unknown, passwordMinLength: number): Registration {
  const parsed = registrationShape.safeParse(input);
  const problems = parsed.success ? {} : fieldProblems(parsed.error);

  const { name, email, company, password } = parsed.success
    ? parsed.data
    : looseRegistration(input);
  const owner = { email: cleanEmail(email), name, company };
  const passwordIssue = passwordProblem(password, owner, passwordMinLength);
  if (passwordIssue) problems.password = passwordIssue;

  if (Object.keys(problems).length > 0 || !parsed.success) throw badUserInput(problems);
  return { ...parsed.data, emailKey: emailKey(parsed.data.email) };
}

export function parseLogin(input: unknown): LoginAttempt {
  const parsed = loginShape.safeParse(input);
  if (!parsed.success) throw badUserInput(fieldProblems(parsed.error));
  return { emailKey: emailKey(parsed.data.email), password: parsed.data.password };
}

/** An address for a password reset or an email change, or BAD_USER_INPUT under `field`. */
export function parseEmail(value: unknown, field: string): { email: string; emailKey: string } {
  const parsed = email.safeParse(value);
  if (!parsed.success) throw badUserInput({ [field]: firstProblem(parsed.error) });
  return { email: parsed.data, emailKey: emailKey(parsed.data) };
}

/** A password the caller types to prove who they are, or BAD_USER_INPUT under `field`. */
export function parseEnteredPassword(value: unknown, field: string): string {
  const parsed = enteredPassword.safeParse(value);
  if (!parsed.success) throw badUserInput({ [field]: firstProblem(parsed.error) });
  return parsed.data;
}

/** A new password for an existing account, judged against the owner's own details. */
export function parseNewPassword(
  value: string,
  owner: PasswordOwner,
  minLength: number,
  field: string,
) {
  const issue = passwordProblem(value, owner, minLength);
  if (issue) throw badUserInput({ [field]: issue });
  return value;
}

/** Trimmed name and company for a profile save; a field left out stays as it is. */
export function parseProfileUpdate(input: unknown): z.infer<typeof profileUpdateShape> {
  const parsed = profileUpdateShape.safeParse(input);
  if (!parsed.success) throw badUserInput(fieldProblems(parsed.error));
  return parsed.data;
}

function firstProblem(error: z.ZodError): FieldProblem {
  const message = error.issues[0]?.message ?? 'REQUIRED';
  return isFieldProblem(message) ? message : 'REQUIRED';
}

function fieldProblems(error: z.ZodError): FieldProblems {
  const problems: FieldProblems = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'input');
    problems[field] ??= isFieldProblem(issue.message) ? issue.message : 'REQUIRED';
  }
  return problems;
}

const fieldProblemNames = new Set<string>([
  'REQUIRED',
  'INVALID_EMAIL',
  'INVALID_CHARACTERS',
  'TOO_SHORT',
  'TOO_LONG',
  'TOO_COMMON',
  'OUT_OF_RANGE',
  'INVALID_CURSOR',
  'TOO_COMPLEX',
  'UNCHANGED',
] satisfies FieldProblem[]);

function isFieldProblem(message: string): message is FieldProblem {
  return fieldProblemNames.has(message);
}

/** The raw strings of an invalid registration, so the password is still judged against them. */
function looseRegistration(
  input: unknown,
): Record<keyof z.infer<typeof registrationShape>, string> {
  const record =
    typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const text = (key: string) => (typeof record[key] === 'string' ? record[key] : '');
  const trimmed = (key: string) => text(key).trim();
  return {
    name: trimmed('name'),
    email: trimmed('email'),
    company: trimmed('company'),
    password: text('password'),
  };
}

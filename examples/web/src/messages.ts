// What the pages say for the API's error codes and field problems (README: Error codes).
import type { ApiError } from './client.js';

const fieldProblems: Record<string, string> = {
  REQUIRED: 'Please fill this in.',
  INVALID_EMAIL: 'This is not a valid email address.',
  INVALID_CHARACTERS: 'This contains characters that are not allowed.',
  TOO_SHORT: 'This is too short.',
  TOO_LONG: 'This is too long.',
  TOO_COMMON: 'This password is too common, or too close to your name, email or company.',
  UNCHANGED: 'This is already your email address.',
};

const passwordProblems: Record<string, string> = {
  TOO_SHORT: 'This password is too short: a few unrelated words make a good one.',
};

/** The sentence shown next to a field that the API refused. */
export function fieldMessage(field: string, problem: string): string {
  const forPassword = /password/i.test(field) ? passwordProblems[problem] : undefined;
  return forPassword ?? fieldProblems[problem] ?? `This value was refused (${problem}).`;
}

/** The sentence shown above a form, or on a page, for an error. */
export function errorMessage(error: ApiError): string {
  switch (error.code) {
    case 'BAD_USER_INPUT':
      return Object.keys(error.fields).length > 0
        ? 'Please correct the fields marked below.'
        : error.message;
    case 'INVALID_CREDENTIALS':
      return 'The email or password is incorrect.';
    case 'INVALID_TOKEN':
      return 'This link is invalid, has been used already or has expired.';
    case 'RATE_LIMITED':
      return `Too many attempts. Please try again in ${waitTime(error.retryAfterSeconds)}.`;
    case 'INTERNAL_SERVER_ERROR':
      return `Something went wrong on our side. Please try again later${
        error.requestId ? ` (request id ${error.requestId})` : ''
      }.`;
    default:
      return error.message;
  }
}

function waitTime(seconds: number | undefined): string {
  if (seconds === undefined) return 'a while';
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

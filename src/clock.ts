/** The time as the accounts logic sees it; tests replace it to move through expiry. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

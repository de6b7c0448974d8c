import { today } from './dates';

/** Business time as the every domain's rules see it; tests and the demo seed can pin it. */
export interface Clock {
  /** Today's date where the business runs (YYYY-MM-DD). */
  today(): string;
  now(): Date;
}

export const systemClock: Clock = {
  today: () => today(),
  now: () => new Date(),
};

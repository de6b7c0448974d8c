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

/** A clock a test moves by hand (quiet hours, backoff, steps days apart); its day is the business time zone's. */
export class ManualClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  today(): string {
    return today(undefined, this.current);
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
  advanceDays(days: number): void {
    this.advanceSeconds(days * 86_400);
  }
}

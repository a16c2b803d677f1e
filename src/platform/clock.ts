/** Time comes from here, so tests can fix it and move it forward (token expiry, session timeouts). */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

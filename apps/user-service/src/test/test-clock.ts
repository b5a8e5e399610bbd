/** A clock tests move by hand instead of sleeping. */
export class TestClock {
  private t: number;

  constructor(start = Date.now()) {
    this.t = start;
  }

  readonly now = (): Date => new Date(this.t);

  advance(seconds: number): void {
    this.t += seconds * 1000;
  }

  set(date: Date): void {
    this.t = date.getTime();
  }
}

/**
 * A request rate that adapts to throttling (AIMD), one per SDK client, that is per service and
 * Region — the scope AWS sets its quotas in. Unlimited until the first throttled answer; then each
 * throttled answer cuts the rate to DECREASE × the rate sent over the last second (at most once per
 * COOLDOWN_MS, so the answers to one burst count once), and every second without one raises it by
 * INCREASE of itself. Attempts wait for a token, retries included.
 *
 * Why not the SDK's adaptive retry mode: on the loopback endpoint limited to 300 calls/s it reached
 * 0.55 of the limit (its CUBIC cut of 0.7 and slow climb back), this one 0.9 or more
 * (docs/performance.md).
 */
export const DECREASE = 0.85;
export const INCREASE = 0.04;
export const COOLDOWN_MS = 1000;
/** Never below this: a scan under a tiny quota goes on, slowly. */
export const MIN_RATE = 1;

export class AdaptiveRate {
  /** Calls a second; Infinity until throttled. */
  private rate = Infinity;
  private tokens = 0;
  private last: number;
  private lastCut = -Infinity;
  /** When each attempt of the last second was sent (from `head` on), for the rate actually sent. */
  private sent: number[] = [];
  private head = 0;
  private waiting: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly clock: () => number = () => performance.now()) {
    this.last = clock();
  }

  /** The current limit, calls a second (Infinity when not throttled yet). */
  get limit(): number {
    return this.rate;
  }

  /** Resolves when an attempt may be sent. */
  acquire(): Promise<void> | undefined {
    this.refill();
    if (this.waiting.length === 0 && (this.rate === Infinity || this.tokens >= 1)) {
      if (this.rate !== Infinity) this.tokens -= 1;
      this.count();
      return undefined;
    }
    const p = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.schedule();
    return p;
  }

  throttled(): void {
    const now = this.clock();
    if (now - this.lastCut < COOLDOWN_MS) return;
    this.refill();
    this.lastCut = now;
    this.trim(now);
    const sentRate = Math.max(MIN_RATE, this.sent.length - this.head);
    this.rate = Math.max(MIN_RATE, DECREASE * Math.min(this.rate, sentRate));
    this.tokens = Math.min(this.tokens, 1);
  }

  private refill(): void {
    const now = this.clock();
    const dt = (now - this.last) / 1000;
    this.last = now;
    if (this.rate === Infinity || dt <= 0) return;
    // Additive increase, as a share of the rate: INCREASE a second.
    this.rate *= 1 + INCREASE * dt;
    // A burst of at most a tenth of a second's worth (never less than one call).
    this.tokens = Math.min(Math.max(1, this.rate / 10), this.tokens + this.rate * dt);
  }

  private count(): void {
    const now = this.clock();
    this.sent.push(now);
    this.trim(now);
  }

  private trim(now: number): void {
    while (this.head < this.sent.length && this.sent[this.head]! < now - 1000) this.head++;
    if (this.head > 4096) {
      this.sent = this.sent.slice(this.head);
      this.head = 0;
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.refill();
    while (this.waiting.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.count();
      this.waiting.shift()!();
    }
    if (this.waiting.length === 0) return;
    const wait = Math.max(1, ((1 - this.tokens) / this.rate) * 1000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, wait);
  }
}

/** Counts every API call (one per command, retries counted apart) by service and operation. */
export class ApiCallStats {
  private readonly calls = new Map<string, number>();
  private readonly attempts = new Map<string, number>();

  recordCall(service: string, operation: string): void {
    const key = `${service}:${operation}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  recordAttempt(service: string, operation: string): void {
    const key = `${service}:${operation}`;
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
  }

  /** Calls per service, e.g. { s3: 90, kms: 7 }. */
  byService(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, n] of this.calls) {
      const service = key.split(':')[0]!;
      out[service] = (out[service] ?? 0) + n;
    }
    return sortKeys(out);
  }

  byOperation(): Record<string, number> {
    return sortKeys(Object.fromEntries(this.calls));
  }

  total(): number {
    let n = 0;
    for (const v of this.calls.values()) n += v;
    return n;
  }

  /** HTTP attempts including SDK retries. */
  totalAttempts(): number {
    let n = 0;
    for (const v of this.attempts.values()) n += v;
    return n;
  }
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

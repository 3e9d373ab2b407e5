import type { ProgressEvent } from './collect/aws/index.js';

const LABELS: Record<ProgressEvent['phase'], string> = {
  identity: 'identifying the account',
  buckets: 'reading buckets',
  keys: 'reading KMS keys',
  roles: 'reading IAM roles',
  trails: 'reading CloudTrail trails',
  objects: 'sampling objects',
  usage: 'reading CloudWatch usage',
  snowflake: 'reading Snowflake storage integrations',
};

/**
 * Progress on stderr, only once a scan has taken more than a moment, so quick scans and piped
 * JSON stay quiet. On a terminal one line is rewritten; elsewhere each phase prints once.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, delayMs = 1000) {
  const started = Date.now();
  const tty = stream.isTTY === true;
  let lastPhase: string | undefined;
  let lastDraw = 0;
  let drew = false;
  return {
    onProgress(e: ProgressEvent): void {
      const now = Date.now();
      if (now - started < delayMs) return;
      if (tty) {
        if (now - lastDraw < 100 && e.done !== e.total) return;
        lastDraw = now;
        stream.write(`\r\x1b[2K${LABELS[e.phase]} ${e.done}/${e.total}`);
        drew = true;
      } else if (e.phase !== lastPhase) {
        lastPhase = e.phase;
        stream.write(`envelope: ${LABELS[e.phase]} (${e.total})\n`);
      }
    },
    done(): void {
      if (tty && drew) stream.write('\r\x1b[2K');
    },
  };
}

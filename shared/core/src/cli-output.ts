import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { batched } from './report/json.js';

/**
 * Writes what a command produced: to `output` — beside the target, then renamed, so a failure
 * never leaves half a file — saying so on stderr; or to stdout, ending in a newline.
 */
export async function writeResult(body: string, output: string | undefined, what: string, detail?: string): Promise<void> {
  if (!output) {
    process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
    return;
  }
  const target = resolve(output);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, body);
  await rename(tmp, target);
  process.stderr.write(`envelope: ${what} written to ${output}${detail ? ` (${detail})` : ''}\n`);
}

/**
 * writeResult for a body made of pieces (report/json.ts jsonChunks): written as they come, so the
 * whole text is never held at once. Same file handling: beside the target, renamed when complete.
 */
export async function writeStreamedResult(chunks: Iterable<string>, output: string | undefined, what: string): Promise<void> {
  if (!output) {
    await writeAll(process.stdout, chunks);
    return;
  }
  const target = resolve(output);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  const file = createWriteStream(tmp);
  try {
    await writeAll(file, chunks);
    file.end();
    await once(file, 'finish');
  } catch (err) {
    file.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
  await rename(tmp, target);
  process.stderr.write(`envelope: ${what} written to ${output}\n`);
}

/** Writes the pieces in blocks, waiting whenever the stream asks to (backpressure). */
export async function writeAll(out: Writable, chunks: Iterable<string>): Promise<void> {
  for (const block of batched(chunks)) {
    // once() rejects if the stream errors while we wait.
    if (!out.write(block)) await once(out, 'drain');
  }
}

/**
 * Said on stderr whenever a plan is judged without --profile: the expected names then come from
 * the plan under review, so a change that renames them consistently would not show. A committed
 * profile holds later plans to today's names.
 */
export function inferredProfileNotice(planFile: string): void {
  process.stderr.write(
    `envelope: no --profile given: judged against the names ${planFile} itself describes (Snowflake role, stage buckets, key alias); ` +
      `\`envelope init --plan ${planFile} --output profile.yaml\` writes them — commit it and pass --profile so later plans are held to them\n`,
  );
}

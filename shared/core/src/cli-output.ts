import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

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

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

import type { Command } from 'commander';
import { mergeReports } from './report/merge.js';
import { readReportFile } from './report/read-report-file.js';
import type { Report } from './report/schema.js';

/** `envelope merge a.json b.json …`: the shard or account reports joined, rendered like a scan's. */
export function addMergeCommand(program: Command, withOutputOptions: (cmd: Command) => Command, emit: (report: Report, opts: never, cmd: Command) => Promise<number>): void {
  withOutputOptions(
    program
      .command('merge')
      .description('join the JSON reports of `scan --shard i/n` (every shard) or of disjoint accounts into the report one run over all of them writes')
      .argument('<report.json...>', 'reports written by `envelope scan --format json`'),
  ).action(async (files: string[], opts, cmd: Command) => {
    const parts = [];
    for (const name of files) parts.push({ name, report: await readReportFile(name) });
    process.exitCode = await emit(mergeReports(parts), opts as never, cmd);
  });
}

/** `--group-by framework` and `--framework` for the report commands (scan, plan, demo). */
import { Option, type Command } from 'commander';
import { ConfigError } from './profile/load.js';
import type { FrameworkGrouping } from './report/framework-groups.js';
import { FRAMEWORKS, type Framework } from './rules/mappings.js';
import { rules } from './rules/registry.js';

export const GROUP_BY = ['resource', 'framework'] as const;
export const DEFAULT_FRAMEWORK: Framework = 'security-hub';

export function groupByOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--group-by <what>', 'table and markdown: findings per resource, or per control of --framework (json: each finding carries its rule\'s mappings)')
        .choices(GROUP_BY)
        .default('resource'),
    )
    .addOption(new Option('--framework <name>', `the framework --group-by framework groups by (default ${DEFAULT_FRAMEWORK}); implies --group-by framework`).choices(FRAMEWORKS));
}

/** The grouping the options ask for; undefined for the default per-resource report. */
export function frameworkGrouping(cmd: Command, opts: { groupBy?: string; framework?: Framework }): FrameworkGrouping | undefined {
  const explicitlyByResource = opts.groupBy === 'resource' && cmd.getOptionValueSource('groupBy') === 'cli';
  if (opts.framework && explicitlyByResource)
    throw new ConfigError(`--framework ${opts.framework}: only with --group-by framework (got --group-by resource)`);
  if (opts.groupBy !== 'framework' && !opts.framework) return undefined;
  return { framework: opts.framework ?? DEFAULT_FRAMEWORK, rules };
}

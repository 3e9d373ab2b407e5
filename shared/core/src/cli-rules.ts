/** `envelope rules`: lists the rules with severity, packs, compliance mappings and docs link. */
import { Option, type Command } from 'commander';
import { writeResult } from './cli-output.js';
import { RULES_FORMATS, renderRulesList, type RulesFormat } from './report/rules-list.js';
import { FRAMEWORKS, PACKS, type Framework, type Pack } from './rules/mappings.js';
import { rules } from './rules/registry.js';

export function addRulesCommand(program: Command): void {
  program
    .command('rules')
    .description('list the rules: id, severity, packs, the Security Hub / CIS / Prowler / Checkov controls each overlaps, and its docs')
    .addOption(new Option('-f, --format <format>', 'output format').choices(RULES_FORMATS).default('table'))
    .addOption(new Option('--pack <pack>', 'only the rules of this pack').choices(PACKS))
    .addOption(new Option('--framework <framework>', 'only the rules mapped to this framework, and only its column').choices(FRAMEWORKS))
    .option('-o, --output <file>', 'write the list to a file instead of stdout')
    .action(async (opts: { format: RulesFormat; pack?: Pack; framework?: Framework; output?: string }) => {
      const body = renderRulesList(rules, opts.format, { ...(opts.pack ? { pack: opts.pack } : {}), ...(opts.framework ? { framework: opts.framework } : {}) });
      await writeResult(body, opts.output, 'rule list');
    });
}

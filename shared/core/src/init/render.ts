import { printable } from '../report/terminal-text.js';
import type { Chosen, Proposal } from './propose.js';

export interface RenderOptions {
  /** When the account was read (ISO 8601). */
  readAt: string;
  /** API calls init made, by operation. */
  calls: Record<string, number>;
  toolVersion: string;
  /** What was read, when not an account through the API (a Terraform plan). */
  from?: string;
}

/** A comment line: account data (names, tags) can hold anything, so no newline or control character gets out. */
const comment = (text: string, indent = ''): string => `${indent}# ${printable(text)}`;

/** JSON strings are YAML double-quoted scalars: every value is quoted and escaped the same way. */
const scalar = (v: string): string => JSON.stringify(v);

function list(key: string, items: Chosen<string>[], indent: string): string[] {
  if (items.length === 0) return [];
  return [`${indent}${key}:`, ...items.flatMap((i) => [comment(i.why, `${indent}  `), `${indent}  - ${scalar(i.value)}`])];
}

function alternatives(key: string, items: Chosen<string>[], indent: string, how: string): string[] {
  if (items.length === 0) return [];
  return [comment(`Other candidates — ${how}:`, indent), ...items.map((i) => comment(`${key}: ${scalar(i.value)}   (${i.why})`, indent))];
}

/**
 * The profile as commented YAML that `envelope scan --profile` accepts unchanged: every discovered
 * value with its evidence on the line above, unchosen candidates commented out, and what init could
 * not decide at the top. Fields it did not discover keep the architecture's defaults.
 */
export function renderProfileYaml(p: Proposal, options: RenderOptions): string {
  const total = Object.values(options.calls).reduce((a, b) => a + b, 0);
  const byOp = Object.entries(options.calls)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  const out: string[] = [
    comment(`envelope profile written by \`envelope init\` (envelope ${options.toolVersion}) on ${options.readAt}`),
    options.from
      ? comment(`from ${options.from}, with no API call.`)
      : comment(`from account ${p.account}, read as ${p.callerArn}, with ${total} read-only API calls: ${byOp}.`),
    comment(`Each value below is what the ${options.from ? 'plan' : 'account'} shows, with the evidence above it. Fields not written keep the`),
    comment('architecture\'s defaults (docs/cli.md, "Profiles"). Review it, then: envelope scan --profile <this file>'),
  ];
  if (p.notes.length > 0) {
    out.push('#', comment('Could not be decided from the account — check these by hand:'));
    for (const n of p.notes) out.push(comment(`- ${n}`));
  }
  out.push('', `name: ${scalar(`snowflake-s3-kms-${p.account}`)}`);
  if (p.regions.length > 0) out.push(...list('regions', p.regions, ''));

  out.push('scope:');
  if (p.bucketNames.length > 0) out.push(...list('bucketNames', p.bucketNames, '  '));
  else out.push(comment('No stage bucket was found: every bucket of the account is in scope until you name them.', '  '), '  bucketNames: ["*"]');
  out.push(...list('supportBucketNames', p.supportBucketNames, '  '));

  if (p.tagKey) {
    out.push('ownership:', comment(p.tagKey.why, '  '), `  tagKey: ${scalar(p.tagKey.value)}`);
    out.push(...alternatives('tagKey', p.otherTagKeys, '  ', 'the tag whose value names the owning team'));
  }

  if (p.dataPrefix) {
    out.push('s3:', comment(p.dataPrefix.why, '  '), `  dataPrefix: ${scalar(p.dataPrefix.value)}`);
    out.push(...alternatives('dataPrefix', p.otherPrefixes, '  ', 'the prefix Snowflake reads and writes under'));
  }

  if (p.alias || p.keyArns.length > 0) {
    out.push('kms:');
    if (p.alias) out.push(comment(p.alias.why, '  '), `  alias: ${scalar(p.alias.value)}`);
    out.push(...alternatives('alias', p.otherAliases, '  ', 'the alias the stage buckets\' key should carry'));
    out.push(...list('keyArns', p.keyArns, '  '));
  }

  out.push('replication:', comment(p.replication.why, '  '), `  expected: ${p.replication.value.expected}`);
  if (p.replication.value.destinationRegions.length > 0)
    out.push(`  destinationRegions: [${p.replication.value.destinationRegions.map(scalar).join(', ')}]`);

  if (p.role || p.iamUserArn || p.otherRoles.length > 0) {
    out.push('snowflake:');
    if (p.iamUserArn) out.push(comment(p.iamUserArn.why, '  '), `  iamUserArn: ${scalar(p.iamUserArn.value)}`);
    out.push(...alternatives('iamUserArn', p.otherUsers, '  ', 'STORAGE_AWS_IAM_USER_ARN from DESC INTEGRATION'));
    if (p.role) out.push(comment(p.role.why, '  '), `  roleName: ${scalar(p.role.value)}`);
    out.push(
      ...alternatives('roleName', p.otherRoles, '  ', 'the role in STORAGE_AWS_ROLE_ARN (DESC INTEGRATION); keep one, or scan once per integration'),
    );
  }
  if (p.stacks?.length) {
    out.push(
      comment('One stack per Snowflake role that reaches buckets of its own: the architecture once per team.'),
      comment('Each stack is judged against its own key alias and role; buckets no stack names use the top-level values.'),
      'stacks:',
    );
    for (const st of p.stacks) {
      out.push(`  - name: ${scalar(st.name)}`, ...list('buckets', st.buckets, '    '));
      if (st.alias || st.keyArns.length > 0) {
        out.push('    kms:');
        if (st.alias) out.push(comment(st.alias.why, '      '), `      alias: ${scalar(st.alias.value)}`);
        out.push(...list('keyArns', st.keyArns, '      '));
      }
      out.push('    snowflake:', comment(st.role.why, '      '), `      roleName: ${scalar(st.role.value)}`);
      if (st.iamUserArn) out.push(comment(st.iamUserArn.why, '      '), `      iamUserArn: ${scalar(st.iamUserArn.value)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

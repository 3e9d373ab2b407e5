/** Reads the `envelope` config block: targets, schedule, ownership mapping. Errors name the key and value. */
import { readSchedulerServiceTaskScheduleDefinitionFromConfig, type RootConfigService, type SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

export interface SnowflakeTarget {
  account: string;
  user: string;
  role?: string;
  privateKeyFile?: string;
  privateKeyEnv?: string;
  privateKeyPassphraseEnv?: string;
  url?: string;
}

export interface ScanTarget {
  id: string;
  demo: boolean;
  accountId?: string;
  region: string;
  regions?: string[];
  profile?: string;
  profileInline?: unknown;
  assumeRoleArn?: string;
  externalId?: string;
  awsProfile?: string;
  endpoint?: string;
  requestTimeoutMs?: number;
  cost: boolean;
  snowflake?: SnowflakeTarget;
}

export interface OwnershipConfig {
  groups: Record<string, string>;
  snowflake: Record<string, string>;
  namespace: string;
}

export interface EnvelopeConfig {
  targets: ScanTarget[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  ownership: OwnershipConfig;
  keepScans: number;
}

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 30 },
  initialDelay: { seconds: 5 },
  scope: 'global',
};

const TARGET_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const GROUP_REF = /^group:[a-z0-9][\w.-]*\/[\w.-]+$/i;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export function readEnvelopeConfig(config: RootConfigService): EnvelopeConfig {
  const root = config.getOptionalConfig('envelope');
  const targets = (root?.getOptionalConfigArray('targets') ?? []).map((t, i) => {
    const at = `envelope.targets[${i}]`;
    const id = t.getString('id');
    if (!TARGET_ID.test(id)) throw new InputError(`${at}.id: must be lowercase letters, digits and dashes (at most 63), got ${JSON.stringify(id)}`);
    const assumeRoleArn = t.getOptionalString('assumeRoleArn');
    if (assumeRoleArn !== undefined && !ROLE_ARN.test(assumeRoleArn)) throw new InputError(`${at}.assumeRoleArn: must be an IAM role ARN, got ${JSON.stringify(assumeRoleArn)}`);
    const accountId = t.getOptionalString('accountId');
    if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new InputError(`${at}.accountId: must be 12 digits, got ${JSON.stringify(accountId)}`);
    const timeout = t.getOptionalNumber('requestTimeoutSeconds');
    if (timeout !== undefined && !(timeout > 0)) throw new InputError(`${at}.requestTimeoutSeconds: must be a positive number, got ${timeout}`);
    const sf = t.getOptionalConfig('snowflake');
    const snowflake: SnowflakeTarget | undefined = sf
      ? {
          account: sf.getString('account'),
          user: sf.getString('user'),
          ...optional('role', sf.getOptionalString('role')),
          ...optional('privateKeyFile', sf.getOptionalString('privateKeyFile')),
          ...optional('privateKeyEnv', sf.getOptionalString('privateKeyEnv')),
          ...optional('privateKeyPassphraseEnv', sf.getOptionalString('privateKeyPassphraseEnv')),
          ...optional('url', sf.getOptionalString('url')),
        }
      : undefined;
    if (snowflake && !snowflake.privateKeyFile && !snowflake.privateKeyEnv) throw new InputError(`${at}.snowflake: set privateKeyFile or privateKeyEnv (the key itself never goes in config)`);
    const target: ScanTarget = {
      id,
      demo: t.getOptionalBoolean('demo') ?? false,
      region: t.getOptionalString('region') ?? 'us-east-1',
      cost: t.getOptionalBoolean('cost') ?? true,
      ...optional('accountId', accountId),
      ...optional('regions', t.getOptionalStringArray('regions')),
      ...optional('profile', t.getOptionalString('profile')),
      ...optional('profileInline', t.getOptional('profileInline')),
      ...optional('assumeRoleArn', assumeRoleArn),
      ...optional('externalId', t.getOptionalString('externalId')),
      ...optional('awsProfile', t.getOptionalString('awsProfile')),
      ...optional('endpoint', t.getOptionalString('endpoint')),
      ...optional('requestTimeoutMs', timeout === undefined ? undefined : timeout * 1000),
      ...optional('snowflake', snowflake),
    };
    return target;
  });
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.id)) throw new InputError(`envelope.targets: id ${JSON.stringify(t.id)} is used twice`);
    seen.add(t.id);
  }

  const scheduleConfig = root?.getOptionalConfig('schedule');
  const schedule = scheduleConfig ? { ...readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig) } : { ...DEFAULT_SCHEDULE };
  // The database is the lock: one runner per target across replicas, whatever the config says.
  schedule.scope = 'global';

  const own = root?.getOptionalConfig('ownership');
  const groups = stringMap(own?.getOptional('groups'), 'envelope.ownership.groups');
  const snowflakeOwners = stringMap(own?.getOptional('snowflake'), 'envelope.ownership.snowflake');
  for (const [k, ref] of [...Object.entries(groups), ...Object.entries(snowflakeOwners)]) {
    if (!GROUP_REF.test(ref)) throw new InputError(`envelope.ownership: ${JSON.stringify(k)} must map to a Group ref such as group:default/data-platform, got ${JSON.stringify(ref)}`);
  }
  const keepScans = root?.getOptionalNumber('keepScans') ?? 120;
  if (!Number.isInteger(keepScans) || keepScans < 1) throw new InputError(`envelope.keepScans: must be a positive integer, got ${keepScans}`);
  return {
    targets,
    schedule,
    ownership: { groups, snowflake: snowflakeOwners, namespace: own?.getOptionalString('namespace') ?? 'default' },
    keepScans,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function stringMap(value: unknown, at: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${at}: must be a map of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new InputError(`${at}.${k}: must be a string, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import type { AliasEntry, KeyInventory, KeyMetadata } from '../../model/inventory.js';
import { absent, notRead, present, unknown, type Observed } from '../../model/observed.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import { parsePolicyJson } from '../../policy/statements.js';
import type { AwsClients } from './clients.js';
import { observe } from './errors.js';
import type { Limit } from './limit.js';
import { declareCalls } from './declared-calls.js';

/** IAM needs of this file's calls (declared-calls.ts). */
export const KMS_CALLS = declareCalls([
  { service: 'kms', operation: 'ListAliases', action: 'kms:ListAliases', resource: 'account', feature: 'core' },
  { service: 'kms', operation: 'DescribeKey', action: 'kms:DescribeKey', resource: 'any', feature: 'core' },
  {
    service: 'kms',
    operation: 'GetKeyRotationStatus',
    action: 'kms:GetKeyRotationStatus',
    resource: 'any',
    feature: 'core',
    when: 'only for a key that exists and can rotate (origin AWS_KMS): keys with imported or external material are not asked',
  },
  { service: 'kms', operation: 'GetKeyPolicy', action: 'kms:GetKeyPolicy', resource: 'any', feature: 'core', when: 'only for a key that exists' },
  // Customer keys nothing references are listed only for the cost estimate (cost-unused-kms-key).
  { service: 'kms', operation: 'ListKeys', action: 'kms:ListKeys', resource: 'account', feature: 'cost' },
]);

/** ListAliases, paginated, once per Region. */
export async function listAliases(clients: AwsClients, limit: Limit, region: string): Promise<Observed<AliasEntry[]>> {
  const out: AliasEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await observe(
      'kms:ListAliases',
      () => limit(() => clients.kms(region).send(new ListAliasesCommand({ Limit: 100, ...(marker ? { Marker: marker } : {}) }))),
      (r) => r,
    );
    if (page.state !== 'present') return page.state === 'unknown' ? page : present(out);
    for (const a of page.value.Aliases ?? []) {
      if (!a.AliasName) continue;
      out.push({ name: a.AliasName, arn: a.AliasArn ?? '', ...(a.TargetKeyId ? { targetKeyId: a.TargetKeyId } : {}) });
    }
    marker = page.value.Truncated ? page.value.NextMarker : undefined;
  } while (marker);
  return present(out);
}

const NOT_ROTATABLE_ORIGINS = new Set(['EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']);

/** DescribeKey, then GetKeyRotationStatus and GetKeyPolicy concurrently: 3 calls per key. */
export async function readKey(
  clients: AwsClients,
  limit: Limit,
  ref: { arn: string; region: string; account: string; referencedBy: string[] },
  read: { policy: boolean } = { policy: true },
): Promise<KeyInventory> {
  const kms = clients.kms(ref.region);
  const metadata = await observe(
    'kms:DescribeKey',
    () => limit(() => kms.send(new DescribeKeyCommand({ KeyId: ref.arn }))),
    (r): Observed<KeyMetadata> => {
      const m = r.KeyMetadata;
      if (!m?.KeyId || !m.Arn) return unknown('kms:DescribeKey returned no key metadata');
      const mrc = m.MultiRegionConfiguration;
      return present({
        keyId: m.KeyId,
        arn: m.Arn,
        keyManager: m.KeyManager ?? 'UNKNOWN',
        keyState: m.KeyState ?? 'UNKNOWN',
        keySpec: m.KeySpec ?? 'UNKNOWN',
        keyUsage: m.KeyUsage ?? 'UNKNOWN',
        origin: m.Origin ?? 'UNKNOWN',
        enabled: m.Enabled === true,
        ...(m.Description ? { description: m.Description } : {}),
        ...(m.CreationDate ? { creationDate: m.CreationDate.toISOString() } : {}),
        ...(m.DeletionDate ? { deletionDate: m.DeletionDate.toISOString() } : {}),
        ...(m.PendingDeletionWindowInDays !== undefined ? { pendingDeletionWindowInDays: m.PendingDeletionWindowInDays } : {}),
        multiRegion: m.MultiRegion === true,
        // The primary is the key whose ARN is the primary ARN; derived rather than read from
        // MultiRegionKeyType, which some emulators report wrongly after ReplicateKey.
        ...(m.MultiRegion && mrc?.PrimaryKey?.Arn ? { multiRegionKeyType: mrc.PrimaryKey.Arn === m.Arn ? ('PRIMARY' as const) : ('REPLICA' as const) } : {}),
        ...(mrc?.PrimaryKey?.Arn ? { primaryKeyArn: mrc.PrimaryKey.Arn } : {}),
        replicaKeys: (mrc?.ReplicaKeys ?? []).flatMap((k) => (k.Arn && k.Region ? [{ arn: k.Arn, region: k.Region }] : [])),
      });
    },
    ['NotFoundException'],
  );
  const arn = metadata.state === 'present' ? metadata.value.arn : ref.arn;
  if (metadata.state === 'absent') {
    const gone = absent<never>('the key does not exist');
    return { ...ref, metadata, rotation: gone, policy: gone };
  }

  const origin = metadata.state === 'present' ? metadata.value.origin : undefined;
  const customer = metadata.state !== 'present' || metadata.value.keyManager === 'CUSTOMER';
  const [rotation, policy] = await Promise.all([
    !read.policy && !customer
      ? Promise.resolve(absent<{ enabled: boolean; periodDays?: number }>('AWS-managed key: not read'))
      : origin && NOT_ROTATABLE_ORIGINS.has(origin)
      ? Promise.resolve(absent<{ enabled: boolean; periodDays?: number }>(`keys with origin ${origin} cannot rotate automatically`))
      : observe(
          'kms:GetKeyRotationStatus',
          () => limit(() => kms.send(new GetKeyRotationStatusCommand({ KeyId: arn }))),
          (r) => ({ enabled: r.KeyRotationEnabled === true, ...(r.RotationPeriodInDays !== undefined ? { periodDays: r.RotationPeriodInDays } : {}) }),
        ),
    !read.policy
      ? Promise.resolve(notRead<PolicyDocument>('no rule evaluates the policy of a key nothing references'))
      : observe(
      'kms:GetKeyPolicy',
      // PolicyName is optional on AWS but must be given for some emulators; "default" is the only name.
      () => limit(() => kms.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }))),
      (r): Observed<PolicyDocument> => {
        if (!r.Policy) return unknown('kms:GetKeyPolicy returned no policy');
        const parsed = parsePolicyJson(r.Policy);
        return parsed.ok ? present(parsed.document) : unknown(`key policy is malformed: ${parsed.reason}`);
      },
    ),
  ]);
  return { ...ref, arn, metadata, rotation, policy };
}

/** ListKeys, paginated: every key id in the Region (AWS-managed ones included). */
export async function listKeyArns(clients: AwsClients, limit: Limit, region: string): Promise<Observed<string[]>> {
  const out: string[] = [];
  let marker: string | undefined;
  do {
    const page = await observe(
      'kms:ListKeys',
      () => limit(() => clients.kms(region).send(new ListKeysCommand({ Limit: 1000, ...(marker ? { Marker: marker } : {}) }))),
      (r) => r,
    );
    if (page.state !== 'present') return page.state === 'unknown' ? page : present(out);
    for (const k of page.value.Keys ?? []) if (k.KeyArn) out.push(k.KeyArn);
    marker = page.value.Truncated ? page.value.NextMarker : undefined;
  } while (marker);
  return present(out);
}

/**
 * A key nothing in the scan references, read only as far as cost needs: DescribeKey, and the
 * rotation status of customer keys (rotations are billed). No key policy: no rule evaluates it.
 */
export async function readUnreferencedKey(clients: AwsClients, limit: Limit, ref: { arn: string; region: string; account: string }): Promise<KeyInventory | undefined> {
  const full = await readKey(clients, limit, { ...ref, referencedBy: [] }, { policy: false });
  // AWS-managed keys cost nothing and are not the account's to clean up.
  if (full.metadata.state === 'present' && full.metadata.value.keyManager !== 'CUSTOMER') return undefined;
  return full;
}

import picomatch from 'picomatch';
import { explainAccess, ExplainError, type AccessQuestion, type AccessStep } from '../../access/explain.js';
import { locationCovers } from '../../collect/snowflake/locations.js';
import type { IntegrationValidation } from '../../model/inventory.js';
import type { Observed } from '../../model/observed.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';
import { stageOnIntegration } from '../snowflake-shared.js';

/** An object key under the stage prefix: which object does not matter to the policies, only where it is. */
const PROBE_OBJECT = 'envelope-chain-probe';

interface Hop {
  hop: string;
  step: AccessStep;
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

export default defineRule({
  id: 'snowflake-chain-effective-access',
  title: 'Snowflake can reach the stage’s data: AssumeRole with the ExternalId, S3 on the stage prefix, KMS on the bucket key',
  severity: 'critical',
  resourceType: 'snowflake-stage',
  packs: ['snowflake-s3-kms'],
  description:
    'Follows the requests Snowflake makes for an external stage through every policy in their way, as `envelope explain` does: the integration’s IAM user assumes STORAGE_AWS_ROLE_ARN with the ExternalId (trust policy); the role lists the stage prefix and reads an object under it (identity policies and bucket policy), and S3 calls KMS Decrypt on the bucket’s key for it (key policy, identity policies, kms:ViaService); for stages the profile says Snowflake unloads into (snowflake.unloadStages), PutObject and KMS GenerateDataKey too — without the key header unless the stage names a KMS_KEY_ID, so a deny-wrong-KMS-key statement that requires the header breaks unloads. A denial names the hop and the statement.',
  messages: {
    allowed: 'Snowflake reaches {{url}}: {{hops}}.',
    denied: 'Snowflake cannot {{purpose}} {{url}}: denied at {{hop}} — {{reason}}. Chain: {{chain}}.',
    disabled: 'The stage’s integration {{integration}} is disabled (ENABLED = false): Snowflake refuses every load and unload through it.',
    probeDenied:
      'Snowflake’s own probe (SYSTEM$VALIDATE_STORAGE_INTEGRATION on {{integration}} at {{location}}) failed {{actions}}, though the policies envelope reads allow {{url}} ({{chain}}): look for what the scan cannot see — a service control policy, a permission boundary, a VPC endpoint policy, or the key’s grants.',
    probeAllowed: 'Snowflake’s own probe (SYSTEM$VALIDATE_STORAGE_INTEGRATION on {{integration}} at {{location}}) succeeded for {{actions}}, which settles what the policies left open ({{open}}).',
  },
  remediation:
    'Fix the hop the finding names, e.g. with `envelope explain --principal <role or Snowflake user ARN> --action <action> --resource <ARN>` to see each statement: the trust policy (see snowflake-integration-trust-matches), the role’s S3 policy (s3:GetObject/s3:PutObject on arn:aws:s3:::<bucket>/<prefix>*, s3:ListBucket with s3:prefix), the bucket policy, and kms:Decrypt (reads) and kms:GenerateDataKey (unloads) for the role in the key policy and the role policy, scoped with kms:ViaService = s3.<region>.amazonaws.com. For unloads into a bucket whose policy denies requests without the key header, give the stage ENCRYPTION = (TYPE = \'AWS_SSE_KMS\' KMS_KEY_ID = \'<key ARN>\').',
  check(stage, ctx) {
    const on = stageOnIntegration(stage, ctx, 'the stage uses no storage integration (snowflake-stage-uses-integration fails it); its access is not the integration chain');
    if (!on.ok) return on.outcome;
    const { props, loc, ip, integration } = on;
    const enabled = ip.get('ENABLED');
    if (enabled.ok && enabled.value.toLowerCase() === 'false') return fail('disabled', { integration: integration.name });
    const user = ip.get('STORAGE_AWS_IAM_USER_ARN');
    const externalId = ip.get('STORAGE_AWS_EXTERNAL_ID');
    const roleArn = ip.get('STORAGE_AWS_ROLE_ARN');
    for (const v of [roleArn, user, externalId]) if (!v.ok) return unknown(v.reason);
    if (!roleArn.ok || !user.ok || !externalId.ok) return unknown('unreachable');

    const qualified = stage.name;
    const unloads = (ctx.profile.snowflake.unloadStages ?? []).some((g) => picomatch.isMatch(qualified, g, { nocase: true }));
    const encType = props.values['ENCRYPTION.TYPE'];
    const kmsKeyId = props.values['ENCRYPTION.KMS_KEY_ID'];
    const partition = ctx.lookups.partition;
    const objectArn = `arn:${partition}:s3:::${loc.bucket}/${loc.prefix}${PROBE_OBJECT}`;
    const questions: { hop: string; q: AccessQuestion }[] = [
      { hop: 'sts:AssumeRole (trust policy)', q: { principal: user.value, action: 'sts:AssumeRole', resource: roleArn.value, externalId: externalId.value } },
      { hop: 's3:ListBucket on the stage prefix', q: { principal: roleArn.value, action: 's3:ListBucket', resource: `arn:${partition}:s3:::${loc.bucket}`, prefix: loc.prefix } },
      { hop: 's3:GetObject (load)', q: { principal: roleArn.value, action: 's3:GetObject', resource: objectArn } },
    ];
    if (unloads)
      questions.push({
        hop: 's3:PutObject (unload)',
        q: { principal: roleArn.value, action: 's3:PutObject', resource: objectArn, ...(encType === 'AWS_SSE_KMS' && kmsKeyId && KEY_ARN.test(kmsKeyId) ? { sseKmsKeyId: kmsKeyId } : {}) },
      });

    const hops: Hop[] = [];
    for (const { hop, q } of questions) {
      let steps: AccessStep[];
      try {
        steps = explainAccess(ctx.inventory, q).steps;
      } catch (err) {
        if (err instanceof ExplainError) return unknown(`${hop}: ${err.message}`);
        throw err;
      }
      steps.forEach((step, i) => hops.push({ hop: i === 0 ? hop : `${step.action} via S3 (key policy and role policy)`, step }));
      // The role cannot be assumed: nothing after it is Snowflake's to do.
      if (hop.startsWith('sts:') && steps.some((s) => s.result !== 'allowed')) break;
    }
    const chain = hops.map((h) => `${h.step.action} ${h.step.result}`).join(' → ');
    const evidence = { steps: hops.map((h) => ({ hop: h.hop, title: h.step.title, result: h.step.result, reason: h.step.reason, notes: h.step.notes })) };
    const purpose = unloads ? 'load from or unload into' : 'load from';
    // --validate-integrations: what Snowflake itself observed, where it covers this stage (or failed to assume the role at all).
    const probe = probeFor(integration.validation, loc.url, unloads);
    if (probe) Object.assign(evidence, { probe: probe.validation });
    const denied = hops.find((h) => h.step.result === 'denied');
    if (denied) {
      const notes = denied.step.notes.length ? ` (${denied.step.notes.join('; ')})` : '';
      return fail('denied', { url: loc.url, purpose, hop: `${denied.hop}: ${denied.step.title}`, reason: `${denied.step.reason}${notes}`, chain }, evidence);
    }
    const probeData = probe && { integration: integration.name, location: probe.validation.location };
    if (probe && probe.failed.length > 0) return fail('probeDenied', { ...probeData!, url: loc.url, chain, actions: probe.failed.map((a) => `${a.action} (${a.message ?? 'failure'})`).join(', ') }, evidence);
    const undecided = hops.find((h) => h.step.result === 'unknown');
    if (undecided && probe?.covers) return pass('probeAllowed', { ...probeData!, actions: probe.needed.join(', '), open: `${undecided.hop}: ${undecided.step.reason}` }, evidence);
    if (undecided) return unknown(`${undecided.hop}: ${undecided.step.title}: ${undecided.step.reason}`, evidence);
    return pass('allowed', { url: loc.url, hops: hops.map((h) => `${h.step.action} allowed (${h.step.reason})`).join(' → ') }, evidence);
  },
});

/**
 * The probe's answer as it bears on this stage: the actions the stage needs (READ and LIST to load;
 * WRITE and DELETE too to unload) that failed. It speaks for the stage when its location covers the
 * stage URL, or when Snowflake could not assume the role at all (then nothing on the integration works).
 */
function probeFor(v: Observed<IntegrationValidation> | undefined, url: string, unloads: boolean) {
  if (v?.state !== 'present') return undefined;
  const needed = unloads ? ['READ', 'LIST', 'WRITE', 'DELETE'] : ['READ', 'LIST'];
  const failedAll = Object.entries(v.value.actions).filter(([, r]) => !/^success$/i.test(r.status));
  const assumeFailed = failedAll.some(([, r]) => /assum/i.test(r.message ?? '')) || /assum/i.test(v.value.message ?? '');
  const covers = locationCovers(v.value.location, url);
  if (!covers && !assumeFailed) return undefined;
  const failed = failedAll.filter(([a]) => needed.includes(a)).map(([action, r]) => ({ action, ...(r.message ? { message: r.message } : {}) }));
  // Every needed action must have been answered for a success to settle anything.
  const answered = needed.every((a) => v.value.actions[a] !== undefined);
  return { validation: v.value, needed, failed, covers: covers && answered };
}

import type { LifecycleRule } from '../../model/inventory.js';
import { defineRule, fail, pass, unknown } from '../define-rule.js';

const ruleName = (r: LifecycleRule, i: number) => (r.id ? `rule "${r.id}"` : `Rules[${i}]`);

/** Why a rule does not apply to every object under the data prefix; undefined when it does. */
function notCovering(r: LifecycleRule, dataPrefix: string): string | undefined {
  if (r.status !== 'Enabled') return 'is Disabled';
  const f = r.filter;
  if (f.tags && Object.keys(f.tags).length > 0) return `filters on tags ${JSON.stringify(f.tags)}`;
  if (f.objectSizeGreaterThan !== undefined || f.objectSizeLessThan !== undefined) return 'filters on object size';
  if (f.prefix && !dataPrefix.startsWith(f.prefix)) return `applies to prefix "${f.prefix}", which does not cover "${dataPrefix}"`;
  return undefined;
}

/** "no GLACIER transition at 90 days", with what the closest rule does instead. */
function missingStep(t: { days: number; storageClass: string }, r: LifecycleRule, name: string): string {
  const sameClass = r.transitions.find((h) => h.storageClass === t.storageClass);
  const sameDay = r.transitions.find((h) => h.days === t.days);
  const when = (h: { days?: number; date?: string }) => (h.days !== undefined ? `${h.days} days` : `date ${h.date}`);
  const instead = sameClass
    ? `${name} transitions to ${t.storageClass} at ${when(sameClass)}`
    : sameDay
      ? `${name} transitions to ${sameDay.storageClass} at ${t.days} days`
      : `${name} has no such transition`;
  return `no ${t.storageClass} transition at ${t.days} days (${instead})`;
}

export default defineRule({
  id: 's3-lifecycle-matches-architecture',
  title: 'Lifecycle tiers the data and expires noncurrent versions as the architecture says',
  severity: 'medium',
  resourceType: 'bucket',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['S3.10', 'S3.13'], prowler: ['s3_bucket_lifecycle_enabled'], checkov: ['CKV2_AWS_61'] },
  description:
    'An Enabled lifecycle rule covering the data prefix must carry the profile transitions (30 days STANDARD_IA, 90 days GLACIER by default), and a covering rule must expire noncurrent versions after the profile period (90 days). Missing abort-multipart cleanup and the 128 KB minimum transition size are reported as warnings.',
  messages: {
    matches: 'Lifecycle {{transitionsRule}} transitions {{transitions}}; {{noncurrentRule}} expires noncurrent versions after {{noncurrentDays}} days.{{warnings}}',
    noLifecycle: 'The bucket has no lifecycle configuration: nothing transitions to cheaper storage and noncurrent versions are kept forever.',
    noCoveringRule: 'No Enabled lifecycle rule covers "{{dataPrefix}}": {{why}}.',
    missing: 'Lifecycle does not match the architecture: {{missing}}.{{warnings}}',
  },
  remediation:
    'aws s3api put-bucket-lifecycle-configuration --bucket BUCKET --lifecycle-configuration \'{"Rules":[{"ID":"tiering","Status":"Enabled","Filter":{},"Transitions":[{"Days":30,"StorageClass":"STANDARD_IA"},{"Days":90,"StorageClass":"GLACIER"}],"NoncurrentVersionExpiration":{"NoncurrentDays":90},"AbortIncompleteMultipartUpload":{"DaysAfterInitiation":7}}]}\' (Terraform: aws_s3_bucket_lifecycle_configuration with transition, noncurrent_version_expiration and abort_incomplete_multipart_upload blocks).',
  check(bucket, { profile }) {
    const lc = bucket.lifecycle;
    if (lc.state === 'unknown') return unknown(lc.reason);
    if (lc.state === 'absent') return fail('noLifecycle');
    const { dataPrefix, lifecycle: want } = profile.s3;
    const rules = lc.value.rules.map((r, i) => ({ r, name: ruleName(r, i), why: notCovering(r, dataPrefix) }));
    const covering = rules.filter((x) => x.why === undefined);
    if (covering.length === 0) {
      const why = rules.length === 0 ? 'the configuration has no rules' : rules.map((x) => `${x.name} ${x.why}`).join('; ');
      return fail('noCoveringRule', { dataPrefix, why });
    }

    const warnings: string[] = [];
    if (!covering.some((x) => x.r.abortIncompleteMultipartDays !== undefined))
      warnings.push('no covering rule aborts incomplete multipart uploads (their parts are billed until removed)');
    const minSize = lc.value.transitionDefaultMinimumObjectSize;
    // Absent means the S3 default, which since September 2024 is the 128 KB floor.
    if (minSize === undefined || minSize === 'all_storage_classes_128K')
      warnings.push(`objects under 128 KB do not transition (TransitionDefaultMinimumObjectSize ${minSize ?? 'unset: the S3 default, all_storage_classes_128K'})`);
    const warningText = warnings.length > 0 ? ` Warnings: ${warnings.join('; ')}.` : '';

    const missingSteps = covering.map((x) => ({
      ...x,
      steps: want.transitions.filter((t) => !x.r.transitions.some((have) => have.days === t.days && have.storageClass === t.storageClass)),
    }));
    const best = missingSteps.reduce((a, b) => (b.steps.length < a.steps.length ? b : a));
    const noncurrent = covering.find((x) => x.r.noncurrentExpirationDays === want.noncurrentExpirationDays);

    const missing = best.steps.map((t) => missingStep(t, best.r, best.name));
    if (!noncurrent) {
      const seen = covering.flatMap((x) => (x.r.noncurrentExpirationDays !== undefined ? [`${x.name} uses ${x.r.noncurrentExpirationDays} days`] : []));
      missing.push(`noncurrent versions do not expire after ${want.noncurrentExpirationDays} days${seen.length > 0 ? ` (${seen.join(', ')})` : ''}`);
    }
    const evidence = { coveringRules: covering.map((x) => x.name), warnings };
    if (missing.length > 0 || !noncurrent) return fail('missing', { missing: missing.join('; '), warnings: warningText }, evidence);
    return pass(
      'matches',
      {
        transitionsRule: best.name,
        transitions: want.transitions.map((t) => `to ${t.storageClass} at ${t.days} days`).join(' and '),
        noncurrentRule: noncurrent.name,
        noncurrentDays: want.noncurrentExpirationDays,
        warnings: warningText,
      },
      evidence,
    );
  },
});

import { defineRule, fail, pass } from '../define-rule.js';
import { dataPlaneActions, dataPlaneAsWritten, isOwnRootOnly, isServiceOnly, principalText, readCustomerKeyPolicy, viaServiceProblem } from '../kms-policy-shared.js';

export default defineRule({
  id: 'kms-policy-via-service',
  title: 'Data-plane grants in the key policy are bound to S3 in the key’s Region',
  severity: 'medium',
  resourceType: 'key',
  description:
    'Every Allow that grants kms:Encrypt, kms:Decrypt, kms:ReEncrypt* or kms:GenerateDataKey* to a principal other than the account root must carry StringEquals kms:ViaService = s3.<key Region>.amazonaws.com, so the key is usable only through S3 and not with direct KMS calls. StringLike with a wildcard (s3.*.amazonaws.com) is weaker and fails. Service-principal statements (e.g. cloudtrail.amazonaws.com) are scoped by aws:SourceArn instead and are skipped.',
  messages: {
    bound: 'All {{count}} data-plane grant(s) require StringEquals kms:ViaService = {{expected}}.',
    noGrants: 'No statement grants data-plane actions to a principal other than the account root or a service.',
    unbound: 'Data-plane grants usable outside S3 in {{region}}: {{details}}.',
  },
  remediation:
    'Add "Condition": {"StringEquals": {"kms:ViaService": "s3.REGION.amazonaws.com"}} (the key’s Region) to each usage statement, replacing any StringLike wildcard; optionally also "kms:EncryptionContext:aws:s3:arn": the bucket ARN (the bucket, not object ARNs, when Bucket Key is on). Apply with aws kms put-key-policy.',
  check(key, ctx) {
    const read = readCustomerKeyPolicy(key);
    if (!read.ok) return read.outcome;
    const expected = `s3.${key.region}.amazonaws.com`;
    const grants = read.allows.filter((st) => !isOwnRootOnly(st.s, ctx) && !isServiceOnly(st.s) && dataPlaneActions(st.s).length > 0);
    if (grants.length === 0) return pass('noGrants');
    const problems = grants.flatMap((st) => {
      const p = viaServiceProblem(st.s, key.region);
      return p ? [{ ...st, ...p }] : [];
    });
    if (problems.length === 0) return pass('bound', { count: grants.length, expected });
    const details = problems.map((p) => `${p.label} grants ${principalText(p.s)} ${dataPlaneAsWritten(p.s).join(', ')} with ${p.detail}`);
    return fail('unbound', { region: key.region, details: details.join('; ') }, { problems: problems.map(({ label, kind, detail }) => ({ label, kind, detail })) });
  },
});

import { renderMessage, defineRule, fail, pass, unknown } from '../define-rule.js';
import notPublic from '../s3-bucket-not-public/rule.js';

export default defineRule({
  id: 'trail-bucket-secured',
  title: 'The trail’s S3 bucket is not public and is versioned (and logged, where the profile requires it)',
  severity: 'medium',
  resourceType: 'trail',
  packs: ['snowflake-s3-kms'],
  mappings: { securityHub: ['CloudTrail.6'], prowler: ['cloudtrail_logs_s3_bucket_is_not_publicly_accessible'] },
  description:
    'The bucket the trail delivers to must pass s3-bucket-not-public and have versioning Enabled, so log files cannot be read by the world or silently removed; with cloudtrail.requireBucketAccessLogging in the profile (CIS 3.4) it must also have server access logging on. A bucket that is not in the scan (another account, typically an organization log-archive account, or out of scope) is unknown, not fail.',
  messages: {
    ok: 'Trail bucket {{bucket}} is not public and is versioned; {{logging}}.',
    noBucket: 'The trail has no S3 bucket.',
    insecure: 'Trail bucket {{bucket}}: {{problems}}.',
  },
  remediation:
    'On the trail bucket: aws s3api put-public-access-block (all four settings true) and remove public policy statements/ACL grants; aws s3api put-bucket-versioning --versioning-configuration Status=Enabled; where the profile requires it, aws s3api put-bucket-logging to a separate log bucket.',
  check(trail, ctx) {
    const name = trail.s3BucketName;
    if (!name) return trail.s3BucketNameUnknown ? unknown(`the trail bucket: ${trail.s3BucketNameUnknown}`) : fail('noBucket');
    const scanned = ctx.lookups.bucketByName(name);
    if (scanned.state === 'unknown') return unknown(`trail bucket ${name} may not be in the scan: ${scanned.reason}`, { bucket: name });
    if (scanned.state === 'not-found') return unknown(`trail bucket ${name} is not in the scan (cross-account or not scanned)`, { bucket: name });
    const bucket = scanned.value;
    const problems: string[] = [];
    const unsure: string[] = [];

    const pub = notPublic.check(bucket, ctx);
    const pubMessage = () => renderMessage(notPublic.messages[pub.messageId] ?? pub.messageId, pub.data);
    if (pub.status === 'fail') problems.push(`public (${pubMessage()})`);
    else if (pub.status !== 'pass') unsure.push(`public access: ${String(pub.data?.reason ?? pub.status)}`);

    const v = bucket.versioning;
    if (v.state === 'unknown') unsure.push(`versioning: ${v.reason}`);
    else if (v.state === 'absent' || v.value.status !== 'Enabled') problems.push(`versioning ${v.state === 'present' ? v.value.status : 'never enabled'}`);

    const l = bucket.logging;
    const loggingRequired = ctx.profile.cloudtrail.requireBucketAccessLogging;
    if (loggingRequired && l.state === 'unknown') unsure.push(`access logging: ${l.reason}`);
    else if (loggingRequired && l.state === 'absent') problems.push('server access logging off (cloudtrail.requireBucketAccessLogging)');
    const logging =
      l.state === 'present' ? 'server access logging on' : l.state === 'absent' ? 'server access logging off (not required: cloudtrail.requireBucketAccessLogging is false)' : `server access logging not read (${l.reason}; not required)`;

    const evidence = { bucket: name, notPublic: pub.status, versioning: v.state === 'present' ? v.value.status : v.state, logging: l.state };
    if (problems.length) return fail('insecure', { bucket: name, problems: problems.join('; ') }, evidence);
    if (unsure.length) return unknown(`trail bucket ${name}: ${unsure.join('; ')}`, evidence);
    return pass('ok', { bucket: name, logging }, evidence);
  },
});

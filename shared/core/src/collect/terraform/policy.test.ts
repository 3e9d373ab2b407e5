import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanContext } from './context.js';
import { blockLine, readTerraformSource } from './hcl.js';
import type { TerraformPlan } from './plan-file.js';
import { PlanIndex } from './plan-index.js';
import { policyFromPlan } from './policy.js';

const BUCKET = 'arn:aws:s3:::stage-bucket';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/tf-aws_kms_key.stage';

interface Statement {
  values: Record<string, unknown>;
  unknown?: Record<string, unknown>;
  expressions?: Record<string, unknown>;
}

/**
 * A plan with a bucket and a key created by it, a data.aws_iam_policy_document.doc built from
 * `statements`, and an aws_s3_bucket_policy.stage whose policy is `policy` (a JSON string, or
 * after apply from `references`).
 */
function plan(statements: Statement[], policy: { json: string | null } | { references: string[] }, extra: Record<string, unknown> = {}): TerraformPlan {
  const doc = { override_json: null, override_policy_documents: null, policy_id: null, source_json: null, source_policy_documents: null, version: null, ...extra, statement: statements.map((s) => s.values) };
  const known = 'json' in policy;
  return {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          { address: 'aws_s3_bucket.stage', mode: 'managed', type: 'aws_s3_bucket', name: 'stage', values: { bucket: 'stage-bucket' } },
          { address: 'aws_kms_key.stage', mode: 'managed', type: 'aws_kms_key', name: 'stage', values: {} },
          { address: 'data.aws_iam_policy_document.doc', mode: 'data', type: 'aws_iam_policy_document', name: 'doc', values: doc },
          { address: 'aws_s3_bucket_policy.stage', mode: 'managed', type: 'aws_s3_bucket_policy', name: 'stage', values: known ? { policy: policy.json } : {} },
        ],
      },
    },
    resource_changes: [
      { address: 'aws_s3_bucket.stage', mode: 'managed', type: 'aws_s3_bucket', name: 'stage', change: { actions: ['create'], after: {}, after_unknown: { arn: true, id: true } } },
      { address: 'aws_kms_key.stage', mode: 'managed', type: 'aws_kms_key', name: 'stage', change: { actions: ['create'], after: {}, after_unknown: { arn: true, key_id: true } } },
      { address: 'data.aws_iam_policy_document.doc', mode: 'data', type: 'aws_iam_policy_document', name: 'doc', change: { actions: ['read'], after: doc, after_unknown: { json: true, statement: statements.map((s) => s.unknown ?? {}) } } },
      { address: 'aws_s3_bucket_policy.stage', mode: 'managed', type: 'aws_s3_bucket_policy', name: 'stage', change: { actions: ['create'], after: {}, after_unknown: known ? {} : { policy: true } } },
    ],
    configuration: {
      root_module: {
        resources: [
          { address: 'data.aws_iam_policy_document.doc', mode: 'data', type: 'aws_iam_policy_document', name: 'doc', expressions: { statement: statements.map((s) => s.expressions ?? {}) } },
          { address: 'aws_s3_bucket_policy.stage', mode: 'managed', type: 'aws_s3_bucket_policy', name: 'stage', expressions: known ? { policy: { constant_value: policy.json } } : { policy: { references: policy.references } } },
        ],
      },
    },
  } as unknown as TerraformPlan;
}

const FROM_DOC = { references: ['data.aws_iam_policy_document.doc.json', 'data.aws_iam_policy_document.doc'] };
const ARN_REFS = { references: ['aws_s3_bucket.stage.arn', 'aws_s3_bucket.stage'] };

/** A Deny statement whose resources are [bucket ARN, "${bucket ARN}/*"] — both known only after apply. */
const templated: Statement = {
  values: { sid: 'DenyInsecureTransport', effect: 'Deny', actions: ['s3:*'], resources: [null, null], principals: [{ type: '*', identifiers: ['*'] }], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] },
  unknown: { resources: [true, true] },
  expressions: { resources: { references: [...ARN_REFS.references, ...ARN_REFS.references] } },
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function context(p: TerraformPlan, tf?: string | Record<string, string>): Promise<PlanContext> {
  const dir = mkdtempSync(join(tmpdir(), 'envelope-policy-'));
  dirs.push(dir);
  const files = typeof tf === 'string' ? { 'main.tf': tf } : (tf ?? {});
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const source = await readTerraformSource(dir, p);
  return { index: new PlanIndex(p), account: '111122223333', partition: 'aws', regionOf: () => 'eu-west-1', ...(source ? { source } : {}) };
}

const policyOf = (ctx: PlanContext) => policyFromPlan(ctx, ctx.index.get('aws_s3_bucket_policy.stage')!, 'policy');
const reasonOf = (ctx: PlanContext): string => {
  const o = policyOf(ctx);
  return o.state === 'unknown' ? o.reason : `not unknown: ${JSON.stringify(o)}`;
};

/** main.tf with the document's statement written as HCL, and the bucket policy using its json. */
const tf = (statement: string, policy = 'data.aws_iam_policy_document.doc.json'): string => `
resource "aws_s3_bucket" "stage" {
  bucket = "stage-bucket"
}
resource "aws_kms_key" "stage" {}
data "aws_iam_policy_document" "doc" {
  statement {
${statement}
  }
}
resource "aws_s3_bucket_policy" "stage" {
  bucket = aws_s3_bucket.stage.id
  policy = ${policy}
}
`;
const TLS_HCL = `
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.stage.arn, "\${aws_s3_bucket.stage.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }`;

describe('policyFromPlan: a policy JSON string known at plan time', () => {
  it('is parsed', async () => {
    const ctx = await context(plan([], { json: '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}' }));
    expect(policyOf(ctx)).toEqual({ state: 'present', value: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] } });
  });
  it('malformed → unknown with the parser reason; no policy → absent', async () => {
    expect(reasonOf(await context(plan([], { json: '{"Statement":[{"Effect":"Maybe","Action":"s3:*"}]}' })))).toBe(
      'aws_s3_bucket_policy.stage policy: Statement[0].Effect is "Maybe", expected Allow or Deny',
    );
    expect(policyOf(await context(plan([], { json: null })))).toEqual({ state: 'absent' });
  });
});

describe('policyFromPlan: after apply', () => {
  it('built from something other than a policy document (jsonencode over a reference) → unknown naming the references', async () => {
    const ctx = await context(plan([], { references: ['aws_kms_key.stage.arn', 'aws_kms_key.stage'] }));
    expect(reasonOf(ctx)).toBe('aws_s3_bucket_policy.stage policy is known only after apply (from aws_kms_key.stage.arn, aws_kms_key.stage)');
  });

  it('a document whose statements the plan knows whole is rebuilt as the provider renders it', async () => {
    const s: Statement = {
      values: {
        sid: 'Logs',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: ['arn:aws:s3:::logs/*'],
        principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
        not_principals: [],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['111122223333'] },
          { test: 'StringLike', variable: 'aws:userid', values: ['&{aws:username}', 'x'] },
        ],
      },
    };
    const ctx = await context(plan([s, { values: { effect: null, not_actions: ['iam:*'], not_resources: ['arn:aws:iam::*:role/a', 'b'] } }], FROM_DOC, { policy_id: 'doc-1' }));
    expect(policyOf(ctx)).toEqual({
      state: 'present',
      value: {
        Version: '2012-10-17',
        Id: 'doc-1',
        Statement: [
          {
            Sid: 'Logs',
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: 'arn:aws:s3:::logs/*',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' }, StringLike: { 'aws:userid': ['${aws:username}', 'x'] } },
          },
          { Effect: 'Allow', NotAction: 'iam:*', NotResource: ['arn:aws:iam::*:role/a', 'b'] },
        ],
      },
    });
  });

  it('elements built from after-apply values, without the .tf files → unknown, never guessed from the references', async () => {
    // [x.arn, "${x.arn}/*"] and [x.arn, x.arn] have the same references in plan JSON: only the .tf text tells them apart.
    const ctx = await context(plan([templated], FROM_DOC));
    expect(ctx.source).toBeUndefined();
    expect(reasonOf(ctx)).toBe(
      'the policy data.aws_iam_policy_document.doc renders is known only after apply: statement[0].resources is known only after apply; put the .tf files beside the plan to evaluate it',
    );
  });

  it('with the .tf files: bare references and templates of resource attributes are evaluated to the identities the plan gives', async () => {
    const wrongKey: Statement = {
      values: { sid: 'DenyWrongKmsKey', effect: 'Deny', actions: ['s3:PutObject'], resources: [null], principals: [{ type: 'AWS', identifiers: ['*'] }], condition: [{ test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption-aws-kms-key-id', values: [null] }, { test: 'Null', variable: 's3:x-amz-server-side-encryption', values: ['false'] }] },
      unknown: { resources: [true], condition: [{ values: [true] }, {}] },
    };
    const hcl = `${TLS_HCL}
  }
  statement {
    sid       = "DenyWrongKmsKey"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.stage.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Null"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["false"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"
      values   = [aws_kms_key.stage.arn]
    }`;
    const ctx = await context(plan([templated, wrongKey], FROM_DOC), tf(hcl));
    expect(policyOf(ctx)).toEqual({
      state: 'present',
      value: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'DenyInsecureTransport', Effect: 'Deny', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          {
            Sid: 'DenyWrongKmsKey',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Resource: `${BUCKET}/*`,
            Principal: { AWS: '*' },
            Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY }, Null: { 's3:x-amz-server-side-encryption': 'false' } },
          },
        ],
      },
    });
  });

  it.each([
    ['a function call', 'resources = [format("%s/*", aws_s3_bucket.stage.arn), aws_s3_bucket.stage.arn]', 'built from `format("%s/*", aws_s3_bucket.stage.arn)` in the .tf files, which only apply can evaluate'],
    ['a conditional', 'resources = [var.all ? "*" : aws_s3_bucket.stage.arn, aws_s3_bucket.stage.arn]', 'built from `var.all ? "*" : aws_s3_bucket.stage.arn`'],
    ['a variable inside a template', 'resources = [aws_s3_bucket.stage.arn, "${aws_s3_bucket.stage.arn}/${var.prefix}*"]', 'built from `var.prefix`'],
    ['a whole-list function', 'resources = concat([aws_s3_bucket.stage.arn], ["${aws_s3_bucket.stage.arn}/*"])', 'built as "${concat('],
    ['a for expression', 'resources = [for p in ["a", "b"] : "${aws_s3_bucket.stage.arn}/${p}"]', 'which only apply can evaluate'],
    ['a template directive', 'resources = [aws_s3_bucket.stage.arn, "%{ if true }x%{ endif }"]', 'a template directive'],
  ])('%s stays unknown with the reason', async (_what, resources, reason) => {
    const ctx = await context(plan([templated], FROM_DOC), tf(TLS_HCL.replace(/resources = .*/, () => resources)));
    expect(reasonOf(ctx)).toContain('statement[0].resources is ');
    expect(reasonOf(ctx)).toContain(reason);
  });

  it('an element apply alone could evaluate is fine when the plan already knows it (a local), the rest evaluated', async () => {
    const s: Statement = { ...templated, values: { ...templated.values, resources: ['arn:aws:s3:::other', null] }, unknown: { resources: [false, true] } };
    const ctx = await context(plan([s], FROM_DOC), tf(TLS_HCL.replace(/resources = .*/, 'resources = [local.other, "${aws_s3_bucket.stage.arn}/*"]')));
    const o = policyOf(ctx);
    expect(o.state === 'present' && o.value.Statement[0]!.Resource).toEqual(['arn:aws:s3:::other', `${BUCKET}/*`]);
  });

  it('.tf files that do not match the plan → unknown', async () => {
    const s: Statement = { ...templated, values: { ...templated.values, resources: ['arn:aws:s3:::other', null] }, unknown: { resources: [false, true] } };
    const ctx = await context(plan([s], FROM_DOC), tf(TLS_HCL.replace(/resources = .*/, 'resources = ["arn:aws:s3:::changed", "${aws_s3_bucket.stage.arn}/*"]')));
    expect(reasonOf(ctx)).toContain('statement[0].resources is known only after apply, and the .tf files do not match the plan');
    const missing = await context(plan([templated], FROM_DOC), tf(TLS_HCL).replace('"doc"', '"renamed"'));
    expect(reasonOf(missing)).toContain('the .tf files do not declare data.aws_iam_policy_document.doc: they do not match the plan');
  });

  it('the .tf files wrap the document in a function → unknown, the plan alone could not tell', async () => {
    const ctx = await context(plan([templated], FROM_DOC), tf(TLS_HCL, 'replace(data.aws_iam_policy_document.doc.json, "a", "b")'));
    expect(reasonOf(ctx)).toContain('the .tf files build it as "${replace(data.aws_iam_policy_document.doc.json, \\"a\\", \\"b\\")}"');
  });

  it('a document merging others (source_policy_documents) → unknown', async () => {
    const ctx = await context(plan([templated], FROM_DOC, { source_policy_documents: ['{}'] }));
    expect(reasonOf(ctx)).toBe('data.aws_iam_policy_document.doc merges source_policy_documents, which this reading does not combine');
  });

  it('a .tf file that does not parse → unknown with the file named', async () => {
    const ctx = await context(plan([templated], FROM_DOC), tf(TLS_HCL) + '\nresource "x" {');
    expect(reasonOf(ctx)).toMatch(/main\.tf could not be parsed/);
  });

  it('escapes: $${ is a literal policy variable, not an interpolation', async () => {
    const ctx = await context(plan([templated], FROM_DOC), tf(TLS_HCL.replace(/resources = .*/, () => 'resources = [aws_s3_bucket.stage.arn, "${aws_s3_bucket.stage.arn}/$${aws:username}/*"]')));
    const o = policyOf(ctx);
    expect(o.state === 'present' && o.value.Statement[0]!.Resource).toEqual([BUCKET, `${BUCKET}/\${aws:username}/*`]);
  });
});

describe('the .tf files of modules, and resource blocks located by line', () => {
  it('module sources relative to the plan are read; registry modules are not', async () => {
    const p = plan([], { json: null });
    p.configuration!.root_module!.module_calls = { local: { source: './modules/x', module: {} }, remote: { source: 'terraform-aws-modules/s3-bucket/aws', module: {} } };
    const ctx = await context(p, { 'main.tf': tf(TLS_HCL), 'modules/x/main.tf': '# a module\n\nresource "aws_s3_bucket" "this" {\n}\n' });
    expect(ctx.source!.locate('aws_s3_bucket', 'this', 'module.local["a"]')?.line).toBe(3);
    expect(ctx.source!.locate('aws_s3_bucket', 'stage', '')?.line).toBe(2);
    expect(ctx.source!.block('resource', 'aws_s3_bucket', 'this', 'module.remote')).toEqual({
      missing: 'module.remote comes from "terraform-aws-modules/s3-bucket/aws", whose .tf files are not beside the plan',
    });
  });

  it('blockLine skips comments and heredocs, accepts unquoted labels', () => {
    const text = [
      '# resource "aws_s3_bucket" "a" {',
      '/*',
      'resource "aws_s3_bucket" "a" {',
      '*/',
      'locals {',
      '  doc = <<-EOT',
      'resource "aws_s3_bucket" "a" {',
      '  EOT',
      '}',
      'resource aws_s3_bucket "a" {',
    ].join('\n');
    expect(blockLine(text, 'resource', 'aws_s3_bucket', 'a')).toBe(10);
    expect(blockLine(text, 'resource', 'aws_s3_bucket', 'b')).toBeUndefined();
  });
});

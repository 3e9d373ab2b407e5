/**
 * The bundled Action against moto (AWS_ENDPOINT_URL): audit mode keeping its tracking issue, and
 * pull-request mode with scan-live comparing the plan with the live account. The scan runs in the
 * Action's own process, so moto answers as moto does (no fidelity shims): the architecture is
 * built without cross-Region replication and the profile does not expect it.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { parseMarker } from '@envelope/core';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { buildArchitecture, REGION, STAGE_BUCKET, testClients, type Built } from '../moto/architecture.js';
import { resetMoto } from '../moto/moto-server.js';
import { motoProfileInput } from '../moto/scan-moto.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { pullRequestEvent, ROOT, runAction, scheduleEvent } from './run-action.js';
import { validateSarif } from './sarif-validate.js';

const endpoint = inject('motoEndpoint');
const TOKEN = 'ghs_liveTOKEN';
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: REGION, AWS_ENDPOINT_URL: endpoint };

let gh: FakeGitHub;
let built: Built;
let ws: string;
beforeEach(async () => {
  gh = await startFakeGitHub();
  await resetMoto(endpoint);
  built = await buildArchitecture(testClients(endpoint), ['no-replication']);
  ws = mkdtempSync(join(tmpdir(), 'envelope-ws-'));
  writeFileSync(join(ws, 'profile.yaml'), stringify({ ...motoProfileInput, replication: { expected: false } }));
});
afterEach(async () => {
  await gh.close();
});

const audit = () =>
  runAction({ workspace: ws, event: scheduleEvent(), eventName: 'schedule', inputs: { profile: 'profile.yaml', target: 'acme-prod', 'fail-on': 'none' }, apiUrl: gh.url, token: TOKEN, env: AWS_ENV });

describe('action: audit mode on moto (bundle)', () => {
  it('creates the tracking issue, leaves it alone while the findings stay, updates it when they change', async () => {
    const first = await audit();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(gh.issues).toHaveLength(1);
    const issue = structuredClone(gh.issues[0]!);
    expect(issue).toMatchObject({ state: 'open', labels: ['envelope-audit'], title: 'envelope: acme-prod drifts from the architecture' });
    expect(parseMarker(issue.body)).toMatchObject({ kind: 'audit-issue', target: 'acme-prod' });
    expect(issue.body).toContain(STAGE_BUCKET);
    expect(first.outputs['issue-number']).toBe(String(issue.number));
    expect(first.summary).toContain('envelope audit: acme-prod');
    expect(first.outputs['report-path']).toBe('envelope-report.json');
    // The live report's SARIF: valid for Microsoft's validator, results on the resources' ARNs.
    const sarif = JSON.parse(readFileSync(join(ws, 'envelope.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(sarif.runs[0].results.every((x: { locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation?.artifactLocation.uri === 'profile.yaml')).toBe(true);
    expect(validateSarif(join(ws, 'envelope.sarif'))).toEqual([]);

    const writes = gh.requests.filter((r) => r.method !== 'GET').length;
    const second = await audit();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Tracking issue: unchanged');
    expect(gh.requests.filter((r) => r.method !== 'GET')).toHaveLength(writes);

    // Someone turns the stage bucket's Bucket Key off.
    await testClients(endpoint)
      .s3(REGION)
      .send(
        new PutBucketEncryptionCommand({
          Bucket: STAGE_BUCKET,
          ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: built.keyArn }, BucketKeyEnabled: false }] },
        }),
      );
    const third = await audit();
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('Tracking issue: updated');
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]!.body).toContain('s3-bucket-key-enabled');
    expect(parseMarker(gh.issues[0]!.body)?.fingerprint).not.toBe(parseMarker(issue.body)?.fingerprint);
    expect(gh.comments.map((c) => c.body)).toEqual([expect.stringMatching(/^🔄 The findings changed \(\d+ failing, \d+ could not be evaluated\)/)]);
  });

  it('without AWS credentials: fails with one line saying what to add', async () => {
    const r = await runAction({ workspace: ws, event: scheduleEvent(), eventName: 'schedule', inputs: { profile: 'profile.yaml' }, apiUrl: gh.url, token: TOKEN, env: { AWS_ENDPOINT_URL: endpoint } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::Audit mode scans the live AWS account, but this job has no AWS credentials');
    expect(gh.issues).toHaveLength(0);
  });
});

describe('action: pull request mode with scan-live on moto (bundle)', () => {
  it('compares the plan with the live account: plan findings and the live account in one comment', async () => {
    cpSync(join(ROOT, 'test/fixtures/terraform/no-bucket-key'), join(ws, 'infra'), { recursive: true });
    const r = await runAction({
      workspace: ws,
      event: pullRequestEvent(7),
      eventName: 'pull_request',
      inputs: { profile: 'profile.yaml', 'plan-json': 'infra/plan.json', 'scan-live': 'true', 'fail-on': 'none' },
      apiUrl: gh.url,
      token: TOKEN,
      env: AWS_ENV,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(gh.comments).toHaveLength(1);
    const body = gh.comments[0]!.body;
    expect(body).toContain('Compared with the live account 123456789012');
    // Plan findings (the plan's bucket) and the live account's resources (the moto stage bucket) side by side.
    expect(body).toContain('s3-snow-kms-test-v3');
    expect(body).toContain(STAGE_BUCKET);
    expect(body).toContain('🆕 Introduced by this change');
  });

  it('scan-live without credentials: plan-only, with the reason in the comment', async () => {
    cpSync(join(ROOT, 'test/fixtures/terraform/baseline'), join(ws, 'infra'), { recursive: true });
    const r = await runAction({
      workspace: ws,
      event: pullRequestEvent(7),
      eventName: 'pull_request',
      inputs: { profile: join(ROOT, 'test/fixtures/terraform-profile.yaml'), 'plan-json': 'infra/plan.json', 'scan-live': 'true' },
      apiUrl: gh.url,
      token: TOKEN,
      env: { AWS_ENDPOINT_URL: endpoint },
    });
    expect(r.code, r.stdout).toBe(0);
    expect(gh.comments[0]!.body).toContain('Live scan skipped: no AWS credentials in this job');
    expect(gh.comments[0]!.body).toContain('Compared with nothing: the plan has no prior state');
  });
});

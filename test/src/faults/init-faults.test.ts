/**
 * `envelope init` when reads fail: what it could not read is said at the top of the profile, and
 * nothing unread is guessed into a value. The profile still loads.
 */
import { initProfile, parseProfile, type InitResult } from '@envelope/core';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildArchitecture, OWN_NAMES, testClients } from '../moto/architecture.js';
import { resetMoto } from '../moto/moto-server.js';
import { scannerClients } from '../moto/scan-moto.js';
import { operationOf } from './aws-operation.js';
import { injectFault } from './faults.js';

const endpoint = inject('motoEndpoint');

async function initWith(handlers: Parameters<typeof setupServer>): Promise<InitResult> {
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'bypass' });
  const clients = scannerClients(endpoint);
  try {
    return await initProfile({ clients });
  } finally {
    clients.destroy();
    server.close();
  }
}

describe('envelope init under faults', () => {
  beforeAll(async () => {
    await resetMoto(endpoint);
    await buildArchitecture(testClients(endpoint), [], OWN_NAMES);
  });

  it('iam:ListRoles denied: no Snowflake role is guessed, the profile says why and still loads', async () => {
    const r = await initWith(injectFault(endpoint, 'iam:ListRoles', { kind: 'access-denied' }).handlers);
    expect(r.proposal.role).toBeUndefined();
    expect(r.proposal.notes[0]).toMatch(/^could not list IAM roles \(access denied to iam:ListRoles.*\): the Snowflake role was not looked for$/);
    expect(r.yaml).toContain('# - could not list IAM roles');
    const profile = parseProfile(parseYaml(r.yaml), 'init output');
    // With no role there are no stage buckets: every bucket stays in scope rather than a guessed few.
    expect(profile.scope.bucketNames).toEqual(['*']);
  });

  it('a truncated iam:ListRoles page without a Marker makes the listing incomplete, not "no Snowflake role"', async () => {
    const truncated = http.post(`${endpoint}/`, async ({ request }) => {
      if ((await operationOf(request)) !== 'iam:ListRoles') return undefined;
      return new HttpResponse(
        '<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult><IsTruncated>true</IsTruncated><Roles/></ListRolesResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></ListRolesResponse>',
        { headers: { 'content-type': 'text/xml' } },
      );
    });
    const r = await initWith([truncated]);
    expect(r.proposal.role).toBeUndefined();
    expect(r.proposal.notes[0]).toContain('iam:ListRoles returned a truncated page without a new Marker after 0 roles: the listing is incomplete');
  });

  it("a stage bucket's encryption denied: the key comes from the role's grant, and the unread encryption is named", async () => {
    const r = await initWith(injectFault(endpoint, 's3:GetBucketEncryption', { kind: 'access-denied' }).handlers);
    expect(r.proposal.role?.value).toBe(OWN_NAMES.snowflakeRole);
    expect(r.proposal.notes).toContain(`could not read the encryption of ${OWN_NAMES.stageBucket} (access denied to s3:GetBucketEncryption: Access Denied)`);
    expect(r.proposal.alias?.value).toBe(OWN_NAMES.alias);
    expect(r.proposal.alias?.why).toContain(`no stage bucket names a customer key by default; ${OWN_NAMES.snowflakeRole}'s policies grant this one`);
  });
});

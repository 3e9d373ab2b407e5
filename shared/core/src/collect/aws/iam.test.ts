import { describe, expect, test } from 'vitest';
import { demoProfile, withDemoAccount } from '../../demo/index.js';
import { parseProfile } from '../../profile/load.js';
import { AwsClients, collectAwsInventory } from './index.js';

/** The demo account (210987654321) through the real collector, with extra roles named in the profile. */
async function scanWithRoles(appRoles: string[]) {
  const profile = parseProfile({ ...demoProfile, iam: { appRoles } }, 'test profile');
  return withDemoAccount(async ({ region, credentials }) => {
    const clients = new AwsClients({ defaultRegion: region, credentials });
    try {
      const inventory = await collectAwsInventory({ clients, profile, cost: false, iamStrategy: 'targeted' });
      return { inventory, calls: clients.stats.byOperation() };
    } finally {
      clients.destroy();
    }
  });
}

describe('IAM roles named in the profile', () => {
  test('a role ARN of another account is unknown, and no same-named local role is read in its place', async () => {
    const { inventory, calls } = await scanWithRoles(['arn:aws:iam::444455556666:role/acme-events-ingest']);
    const foreign = inventory.roles.find((r) => r.account === '444455556666');
    expect(foreign?.trustPolicy).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/in account 444455556666, and envelope reads roles of the scanned account 210987654321 only/) });
    // Only the Snowflake role and the replication role are read (GetRole twice), not the local acme-events-ingest.
    expect(calls['iam:GetRole']).toBe(2);
    expect(inventory.roles.some((r) => r.arn === 'arn:aws:iam::210987654321:role/acme-events-ingest')).toBe(false);
  });

  test('a role that does not exist is absent, not unknown', async () => {
    const { inventory } = await scanWithRoles(['etl-writer']);
    const missing = inventory.roles.find((r) => r.name === 'etl-writer');
    expect(missing?.trustPolicy.state).toBe('absent');
    expect(missing?.purposes).toEqual(['app']);
  });

  test('a role named by name gets the ARN GetRole returns and its owner from the role tags', async () => {
    const { inventory } = await scanWithRoles(['acme-events-ingest']);
    expect(inventory.roles.find((r) => r.name === 'acme-events-ingest')).toMatchObject({ arn: 'arn:aws:iam::210987654321:role/acme-events-ingest', owner: 'ingestion' });
  });
});

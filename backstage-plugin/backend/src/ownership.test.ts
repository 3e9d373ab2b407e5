import type { Entity } from '@backstage/catalog-model';
import { describe, expect, it } from 'vitest';
import { indexGroups, resolveOwner } from './ownership.js';

const group = (name: string, owners?: string, namespace = 'default'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace, ...(owners ? { annotations: { 'envelope.dev/owners': owners } } : {}) },
  spec: { type: 'team', children: [] },
});

describe('owner → catalog Group', () => {
  const config = { groups: { 'legacy-team': 'group:default/platform' }, snowflake: { 'ANALYTICS.RAW': 'group:default/data-platform', FINANCE: 'group:default/finance' }, namespace: 'default' };
  const index = indexGroups([group('data-platform'), group('platform', 'infra, SRE'), group('ml', undefined, 'other')], config);

  it.each([
    ['config mapping wins', { id: 'arn:aws:s3:::a', owner: 'legacy-team' }, 'group:default/platform'],
    ['annotation lists the owner (case and spaces ignored)', { id: 'arn:aws:s3:::b', owner: 'sre' }, 'group:default/platform'],
    ['Group named like the owner', { id: 'arn:aws:s3:::c', owner: 'Data-Platform' }, 'group:default/data-platform'],
    ['a Group in another namespace does not match by name', { id: 'arn:aws:s3:::d', owner: 'ml' }, null],
    ['no owner, not Snowflake', { id: 'arn:aws:s3:::e' }, null],
    ['stage by DATABASE.SCHEMA', { id: 'snowflake://xy12345/ANALYTICS.RAW.EVENTS_STAGE' }, 'group:default/data-platform'],
    ['stage by DATABASE', { id: 'snowflake://xy12345/finance.gl.LEDGER' }, 'group:default/finance'],
    ['stage owner named in the report wins over the mapping', { id: 'snowflake://xy12345/FINANCE.GL.X', owner: 'platform' }, 'group:default/platform'],
    ['unmapped stage', { id: 'snowflake://xy12345/OTHER.S.X' }, null],
  ])('%s', (_name, row, expected) => {
    expect(resolveOwner(row, index, config)).toBe(expected);
  });
});

/** Both entry points: the legacy plugin at the root, the new frontend system's at ./alpha. */
import { describe, expect, it } from 'vitest';
import alphaPlugin from './alpha.js';
import { envelopePlugin, isEnvelopeAvailable, teamOfEntity } from './index.js';

describe('plugin entry points', () => {
  it('legacy: one plugin id, the API factory, the root route', () => {
    expect(envelopePlugin.getId()).toBe('envelope');
    expect([...envelopePlugin.getApis()].map((a) => a.api.id)).toEqual(['plugin.envelope.api']);
    expect(Object.keys(envelopePlugin.routes)).toEqual(['root']);
  });

  it('./alpha: the API, the page, the entity card and the entity tab', () => {
    expect(alphaPlugin.pluginId).toBe('envelope');
    for (const id of ['api:envelope', 'page:envelope', 'entity-card:envelope/encrypted-storage', 'entity-content:envelope/encrypted-storage'] as const) {
      expect(alphaPlugin.getExtension(id as never), id).toBeDefined();
    }
  });

  it.each([
    [{ kind: 'Group', metadata: { name: 'data-platform', namespace: 'default' } }, 'group:default/data-platform'],
    [{ kind: 'Component', metadata: { name: 'loader' }, spec: { owner: 'data-platform' } }, 'group:default/data-platform'],
    [{ kind: 'System', metadata: { name: 'lake' }, relations: [{ type: 'ownedBy', targetRef: 'group:finance/ledger' }] }, 'group:finance/ledger'],
    [{ kind: 'Component', metadata: { name: 'solo' }, spec: { owner: 'user:alice' } }, null],
    [{ kind: 'Component', metadata: { name: 'orphan' } }, null],
  ])('the team of %j is %s', (entity, team) => {
    expect(teamOfEntity({ apiVersion: 'backstage.io/v1alpha1', ...entity })).toBe(team);
  });

  it('is available on Group, System and Component pages only', () => {
    expect(['Group', 'System', 'Component', 'API', 'User'].map((kind) => isEnvelopeAvailable({ apiVersion: 'v1', kind, metadata: { name: 'x' } }))).toEqual([true, true, true, false, false]);
  });
});

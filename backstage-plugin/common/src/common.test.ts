import { SEVERITIES as CORE_SEVERITIES, STATUSES as CORE_STATUSES, mermaidLabel } from '@envelope/core';
import { describe, expect, it, vi } from 'vitest';
import { chainAround, decodeMermaidLabel, EnvelopeClient, parseChainMermaid, SEVERITIES, STATUSES } from './index.js';

describe('common', () => {
  it('holds the same statuses and severities as the core, in the same order', () => {
    expect(STATUSES).toEqual(CORE_STATUSES);
    expect(SEVERITIES).toEqual(CORE_SEVERITIES);
  });

  it('reads labels the core escaped back to their characters', () => {
    const hostile = 'bucket a"b<script>`x';
    expect(decodeMermaidLabel(mermaidLabel(hostile))).toBe(hostile);
  });

  it('parses a chain flowchart and keeps the part around one resource', () => {
    const source = [
      'flowchart LR',
      '  n0["stage RAW.PUBLIC.S1"]',
      '  n1["integration S3_INT"]',
      '  n0 --> n1',
      '  n2["role snowflake-role"]',
      '  n1 --> n2',
      '  n3["bucket b1"]',
      '  n0 --> n3',
      '  n4["key ?"]',
      '  n3 -.-> n4',
      '  n5["stage OTHER.S2"]',
      '  n6["bucket b2"]',
      '  n5 --> n6',
    ].join('\n');
    const chain = parseChainMermaid(source);
    expect(chain.nodes.map((n) => n.kind)).toEqual(['stage', 'integration', 'role', 'bucket', 'key', 'stage', 'bucket']);
    const around = chainAround(chain, 'bucket', 'b1');
    expect(around?.nodes.map((n) => n.label)).toEqual(['stage RAW.PUBLIC.S1', 'integration S3_INT', 'role snowflake-role', 'bucket b1', 'key ?']);
    expect(around?.nodes.find((n) => n.current)?.label).toBe('bucket b1');
    expect(around?.edges).toContainEqual({ from: 'n3', to: 'n4', known: false });
    expect(chainAround(chain, 'bucket', 'nope')).toBeUndefined();
  });

  it('keeps a stage that shares the role out of another stage’s chain', () => {
    const chain = parseChainMermaid(
      ['flowchart LR', '  n0["stage A.S.ONE"]', '  n1["integration I1"]', '  n0 --> n1', '  n2["role shared"]', '  n1 --> n2', '  n3["bucket b1"]', '  n0 --> n3',
       '  n5["stage B.S.TWO"]', '  n6["integration I2"]', '  n5 --> n6', '  n6 --> n2', '  n7["bucket b2"]', '  n5 --> n7'].join('\n'),
    );
    expect(chainAround(chain, 'bucket', 'b1')?.nodes.map((n) => n.label)).toEqual(['stage A.S.ONE', 'integration I1', 'role shared', 'bucket b1']);
    expect(chainAround(chain, 'integration', 'I2')?.nodes.map((n) => n.label)).toEqual(['role shared', 'stage B.S.TWO', 'integration I2', 'bucket b2']);
  });

  it('client: builds URLs, and turns error bodies into errors that name the problem', async () => {
    const fetch = vi.fn(async (url: string) => {
      if (url.includes('/teams/')) {
        return new Response(JSON.stringify({ error: { name: 'InputError', message: "status: unknown value 'bogus'" }, request: { method: 'GET', url }, response: { statusCode: 400 } }), {
          status: 400,
          headers: { 'content-type': 'application/json' },
        });
      }
      return new Response(JSON.stringify({ teams: [], freshness: [] }), { headers: { 'content-type': 'application/json' } });
    });
    const client = new EnvelopeClient({ discoveryApi: { getBaseUrl: async () => 'http://x/api/envelope' }, fetchApi: { fetch } });
    await expect(client.getTeams()).resolves.toEqual({ teams: [], freshness: [] });
    await expect(client.getTeamResources('group:default/a b', { status: ['fail'], sort: 'cost', limit: 10 })).rejects.toThrow(/status: unknown value 'bogus'/);
    expect(fetch.mock.calls[1]?.[0]).toBe('http://x/api/envelope/teams/group%3Adefault%2Fa%20b/resources?status=fail&sort=cost&limit=10');
  });
});

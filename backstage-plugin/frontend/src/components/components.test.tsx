/**
 * The card, the table and the drawer against a fake API: loading, empty, error and stale states,
 * filters reaching the API, account strings rendered as text.
 */
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { EnvelopeApi, ResourcesQuery } from '@envelope/plugin-envelope-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { envelopeApiRef } from '../api.js';
import { detail, fakeApi, HOSTILE, page, row, stale, TEAM, teams } from '../testing/fixtures.js';
import { EnvelopeEntityCard } from './EnvelopeEntityCard.js';
import { ResourceDetailView } from './ResourceDrawer.js';
import { TeamResourcesTable } from './TeamResourcesTable.js';

const group = { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'data-platform', namespace: 'default' }, spec: { type: 'team', children: [] } };

function withApi(api: EnvelopeApi, node: React.ReactNode) {
  return <TestApiProvider apis={[[envelopeApiRef, api]]}>{node}</TestApiProvider>;
}

describe('suppressions and notes in the team table and drawer', () => {
  const accepted = row({
    status: 'suppressed',
    counts: { fail: 0, unknown: 0, suppressed: 2, pass: 12, not_applicable: 3 },
    worstSeverity: null,
    worst: null,
    problemRules: [],
    suppressed: [
      { ruleId: 's3-bucket-key-enabled', severity: 'medium', verdict: 'fail', reason: 'Legacy reader (RISK-7)', source: 'profile', expires: '2027-03-31', approvedBy: 'alice' },
      { ruleId: 's3-lifecycle-matches-architecture', severity: 'low', verdict: 'unknown', reason: 'Tiering by the nightly job', source: 'tag' },
    ],
    notes: [{ ruleId: 'cost-replication-transfer', status: 'fail', severity: 'info', message: 'Replication costs $3.10 a month.' }],
  });

  it('a Suppressed status and chip with the reasons and the soonest expiry; info findings shown apart', async () => {
    await renderInTestApp(withApi(fakeApi({ getTeamResources: async () => page([accepted]) }), <TeamResourcesTable team={TEAM} />));
    const r = await screen.findByTestId('resource-row');
    expect(within(r).getByText('Suppressed')).toBeInTheDocument();
    const chip = within(r).getByTestId('suppressed-chip');
    expect(chip).toHaveTextContent('2 suppressed · until 2027-03-31');
    expect(chip.getAttribute('aria-label')).toBe(
      's3-bucket-key-enabled — accepted until 2027-03-31 by alice: Legacy reader (RISK-7); s3-lifecycle-matches-architecture (not seen: unknown) — accepted by resource tag envelope:ignore (no expiry): Tiering by the nightly job',
    );
    expect(within(r).getByTestId('notes')).toHaveTextContent('info: cost-replication-transfer');
    expect(within(r).queryByText('Failing')).not.toBeInTheDocument();
  });

  it('no chip for a row without suppressions, nor for a row stored before them', async () => {
    const { suppressed: _, notes: __, ...old } = row();
    await renderInTestApp(withApi(fakeApi({ getTeamResources: async () => page([old]) }), <TeamResourcesTable team={TEAM} />));
    const r = await screen.findByTestId('resource-row');
    expect(within(r).queryByTestId('suppressed-chip')).not.toBeInTheDocument();
    expect(within(r).getByText('Failing')).toBeInTheDocument();
  });

  it('the drawer lists suppressed findings apart, with the reason, the terms and the rule’s own verdict', async () => {
    const d = detail(accepted);
    d.findings = [
      ...d.findings,
      {
        ...d.findings[0]!,
        ruleId: 's3-bucket-key-enabled',
        status: 'suppressed',
        suppressedStatus: 'fail',
        severity: 'medium',
        message: 'Bucket Key is off.',
        suppression: { source: 'profile', reason: 'Legacy reader (RISK-7)', expires: '2027-03-31', approvedBy: 'alice' },
      },
    ];
    await renderInTestApp(withApi(fakeApi({ getResource: async () => d }), <ResourceDetailView resourceId={accepted.id} />));
    const s = await screen.findByTestId('suppressed-finding');
    expect(s).toHaveTextContent('s3-bucket-key-enabled');
    expect(s).toHaveTextContent('fails');
    expect(s).toHaveTextContent('Accepted until 2027-03-31, approved by alice: Legacy reader (RISK-7)');
    expect(s).toHaveTextContent('Bucket Key is off.');
  });
});

describe('EnvelopeEntityCard', () => {
  const card = (api: EnvelopeApi) =>
    renderInTestApp(
      withApi(
        api,
        <EntityProvider entity={group}>
          <EnvelopeEntityCard />
        </EntityProvider>,
      ),
    );

  it('shows a progress bar while loading', async () => {
    await card(fakeApi({ getTeams: () => new Promise(() => {}) }));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the team counts by status, worst findings and monthly cost from the API', async () => {
    await card(fakeApi({ getTeams: async () => teams() }));
    expect(await screen.findByText('1 failing')).toBeInTheDocument();
    expect(screen.getByText('1 unknown')).toBeInTheDocument();
    expect(screen.getByTestId('card-cost')).toHaveTextContent('$123.46 / month');
    expect(screen.getByTestId('card-worst')).toHaveTextContent('High · S3 bucket acme-events-raw');
    expect(screen.getByTestId('card-worst')).toHaveTextContent('s3-default-encryption-cmk: Default encryption is SSE-S3, not the CMK.');
    expect(screen.getByText(/demo: scanned 9 min ago \(scan #3\)/)).toBeInTheDocument();
    expect(screen.queryByTestId('stale-banner')).not.toBeInTheDocument();
  });

  it('says so when the team owns nothing, and when no scan has finished', async () => {
    const other = { ...group, metadata: { name: 'finance', namespace: 'default' } };
    await renderInTestApp(withApi(fakeApi({ getTeams: async () => teams() }), <EntityProvider entity={other}><EnvelopeEntityCard /></EntityProvider>));
    expect(await screen.findByTestId('card-empty')).toHaveTextContent('No encrypted buckets or Snowflake stages belong to this team');
  });

  it('shows the last good result as stale, with why', async () => {
    await card(fakeApi({ getTeams: async () => teams(stale) }));
    expect(await screen.findByTestId('stale-banner')).toHaveTextContent('Showing the last good scan of demo (#3');
    expect(screen.getByTestId('stale-banner')).toHaveTextContent('scan #4 at 2026-12-06 10:00 UTC failed: IdentityError: sts:GetCallerIdentity failed');
    expect(screen.getByText('1 failing')).toBeInTheDocument();
  });

  it('shows the error when the API fails', async () => {
    await card(fakeApi({ getTeams: async () => Promise.reject(new Error('503: envelope backend unavailable')) }));
    expect((await screen.findAllByText(/503: envelope backend unavailable/))[0]).toBeInTheDocument();
  });
});

describe('TeamResourcesTable', () => {
  it('lists rows with status, key state and cost; filters, sorting and search reach the API', async () => {
    const calls: Array<ResourcesQuery | undefined> = [];
    const api = fakeApi({
      getTeamResources: async (_team, q) => {
        calls.push(q);
        return page(q?.status?.includes('fail') ? [row()] : [row(), row({ id: 'arn:aws:s3:::ok', name: 'acme-ok', status: 'pass', worst: null, worstSeverity: null, problemRules: [], monthlyCost: 1 })]);
      },
    });
    await renderInTestApp(withApi(api, <TeamResourcesTable team={TEAM} />));
    expect(await screen.findAllByTestId('resource-row')).toHaveLength(2);
    const first = screen.getAllByTestId('resource-row')[0]!;
    expect(within(first).getByText('acme-events-raw')).toBeInTheDocument();
    expect(within(first).getByText('The key is Enabled.')).toBeInTheDocument();
    expect(within(first).getByText('$42.50')).toBeInTheDocument();
    expect(within(first).getByText('High')).toBeInTheDocument();
    expect(screen.getByTestId('team-cost')).toHaveTextContent('2 resources · team monthly cost $43.50');

    // Filter to failures through the status select.
    fireEvent.mouseDown(within(screen.getByTestId('filter-status')).getByRole('button'));
    fireEvent.click(await screen.findByTestId('option-status-fail'));
    await waitFor(() => expect(screen.getAllByTestId('resource-row')).toHaveLength(1));
    expect(calls.at(-1)).toMatchObject({ status: ['fail'], sort: 'status', order: 'asc', offset: 0, limit: 50 });

    fireEvent.click(screen.getByTestId('sort-cost'));
    await waitFor(() => expect(calls.at(-1)).toMatchObject({ sort: 'cost', order: 'desc' }));

    fireEvent.change(screen.getByTestId('search'), { target: { value: 'events' } });
    await waitFor(() => expect(calls.at(-1)).toMatchObject({ q: 'events' }));

    fireEvent.change(screen.getByTestId('rule'), { target: { value: 's3-bucket-key-enabled' } });
    await waitFor(() => expect(calls.at(-1)).toMatchObject({ rule: 's3-bucket-key-enabled' }));
  });

  it('lists Snowflake stages beside buckets', async () => {
    const stage = row({
      id: 'snowflake://xy12345/ANALYTICS.RAW.EVENTS_STAGE',
      type: 'snowflake-stage',
      name: 'ANALYTICS.RAW.EVENTS_STAGE',
      region: undefined,
      account: 'xy12345',
      key: null,
      monthlyCost: null,
      worst: { ruleId: 'snowflake-stage-kms-key-matches', status: 'fail', severity: 'high', message: 'The stage encrypts with another key.' },
    });
    await renderInTestApp(withApi(fakeApi({ getTeamResources: async () => page([row(), stage]) }), <TeamResourcesTable team={TEAM} />));
    const rows = await screen.findAllByTestId('resource-row');
    expect(rows[1]).toHaveTextContent('ANALYTICS.RAW.EVENTS_STAGE');
    expect(rows[1]).toHaveTextContent('Snowflake stage');
    expect(rows[1]).toHaveTextContent('xy12345');
  });

  it('pages a team of 1,000 rows on the server: one page renders, the count says 1,000', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => row({ id: `arn:aws:s3:::b-${i}`, name: `bucket-${String(i).padStart(4, '0')}` }));
    const getTeamResources = vi.fn(async (_t: string | null, q?: ResourcesQuery) => page(many.slice(q?.offset ?? 0, (q?.offset ?? 0) + (q?.limit ?? 50)), { total: 1000 }));
    const started = performance.now();
    await renderInTestApp(withApi(fakeApi({ getTeamResources }), <TeamResourcesTable team={TEAM} />));
    expect(await screen.findAllByTestId('resource-row')).toHaveLength(50);
    const firstRender = performance.now() - started;
    expect(screen.getByText(/^1-50 of 1000$/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() => expect(screen.getAllByTestId('resource-row')[0]).toHaveAttribute('data-name', 'bucket-0050'));
    console.log(`frontend: first render of a 1,000-row team (page of 50) ${firstRender.toFixed(0)} ms in happy-dom`);
  });

  it('has an empty state, a no-match state and an error state', async () => {
    await renderInTestApp(withApi(fakeApi({ getTeamResources: async () => page([]) }), <TeamResourcesTable team={TEAM} />));
    expect(await screen.findByTestId('empty')).toHaveTextContent('No encrypted buckets or Snowflake stages belong to this team');
  });

  it('shows the server error (e.g. a 400 naming the parameter)', async () => {
    await renderInTestApp(withApi(fakeApi({ getTeamResources: async () => Promise.reject(new Error("400: status: unknown value \"bogus\"")) }), <TeamResourcesTable team={TEAM} />));
    expect((await screen.findAllByText(/status: unknown value "bogus"/))[0]).toBeInTheDocument();
  });

  it('renders hostile account strings as text', async () => {
    await renderInTestApp(withApi(fakeApi({ getTeamResources: async () => page([row({ name: HOSTILE })]) }), <TeamResourcesTable team={TEAM} />));
    expect(await screen.findByText(HOSTILE)).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });
});

describe('Resource drawer', () => {
  it('shows findings with remediation, the chain diagram, key state, cost lines and scan age', async () => {
    await renderInTestApp(withApi(fakeApi({ getResource: async () => detail() }), <ResourceDetailView resourceId={row().id} />));
    const findings = await screen.findAllByTestId('finding');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toHaveTextContent('s3-default-encryption-cmk');
    expect(findings[0]).toHaveTextContent('Remediation: aws s3api put-bucket-encryption --bucket acme-events-raw');
    const svg = screen.getByTestId('chain-diagram');
    expect([...svg.querySelectorAll('g[data-kind]')].map((g) => g.getAttribute('data-kind'))).toEqual(['stage', 'integration', 'role', 'bucket', 'key']);
    expect(svg.querySelectorAll('line[stroke-dasharray]')).toHaveLength(1); // the unread bucket → key link
    expect(screen.getByText('1 passing or not applicable')).toBeInTheDocument();
    expect(screen.getByTestId('drawer-cost')).toHaveTextContent('$42.50');
    expect(screen.getByText('s3-storage:STANDARD')).toBeInTheDocument();
    expect(screen.getByText(/From scan #3 of demo, 9 min ago/)).toBeInTheDocument();
  });

  it('escapes a hostile bucket name in the title and the diagram', async () => {
    await renderInTestApp(withApi(fakeApi({ getResource: async () => detail(row({ name: HOSTILE })) }), <ResourceDetailView resourceId="x" />));
    expect(await screen.findByRole('heading', { name: HOSTILE })).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(screen.getByTestId('chain-diagram').textContent).toContain('evil<img');
  });

  it('has loading and error states', async () => {
    await renderInTestApp(withApi(fakeApi({ getResource: () => new Promise(() => {}) }), <ResourceDetailView resourceId="x" />));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows a 404 from the API', async () => {
    await renderInTestApp(withApi(fakeApi({ getResource: async () => Promise.reject(new Error('404: no resource "x" in the last good scan of any target')) }), <ResourceDetailView resourceId="x" />));
    expect((await screen.findAllByText(/no resource "x" in the last good scan/))[0]).toBeInTheDocument();
  });
});

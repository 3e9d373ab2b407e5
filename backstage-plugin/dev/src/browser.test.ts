/**
 * The real-browser test: Debian's chromium (playwright-core, executablePath /usr/bin/chromium)
 * against the dev harness. Sign in as alice (data-platform), open the team page, see the demo
 * buckets with statuses, filter to failures, open a resource and its chain diagram, rescan and see
 * the scan age change; a suppressed finding (dev/demo-profile.yaml) shows as such. Screenshots go
 * to backstage-plugin/dev/test-artifacts/; with ENVELOPE_UPDATE_DOCS=1 the team table and the
 * drawers also go to docs/ (the README's pictures).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const artifacts = join(root, 'backstage-plugin', 'dev', 'test-artifacts');
const docs = process.env.ENVELOPE_UPDATE_DOCS === '1' ? join(root, 'docs') : undefined;

let harness: Harness;
let browser: Browser;
let page: Page;

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`no browser at ${chromiumPath}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`);
  mkdirSync(artifacts, { recursive: true });
  harness = await startHarness();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
  // Loopback only: any other address the page tries is refused and fails the test.
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  (globalThis as { outside?: string[] }).outside = outside;
});

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});

describe('dev harness in Debian chromium', () => {
  it('signs in as alice, shows her team’s buckets, filters, opens a resource with its chain, rescans', async () => {
    await page.goto(`${harness.baseUrl}/envelope`);
    // Guest sign-in: the auth backend's guest provider issues alice's token.
    await page.getByRole('button', { name: /enter/i }).click();
    await page.getByText('Encrypted storage', { exact: true }).first().waitFor({ timeout: 60_000 });

    // The first scheduled scan may still be running, and the catalog may not have read the
    // Groups yet (owners then follow within the ownership cache's 15 s): reload until alice's team
    // is there with rows.
    const rows = page.getByTestId('resource-row');
    const mine = page.getByTestId('team-group:default/data-platform');
    const deadline = Date.now() + 90_000;
    while ((await rows.count()) === 0 || (await mine.count()) === 0) {
      if (Date.now() > deadline) throw new Error(`no rows after 90 s; harness log:\n${harness.log().slice(-3000)}`);
      await page.waitForTimeout(1000);
      await page.reload();
      await page.getByTestId('teams').waitFor({ timeout: 30_000 });
    }
    await expect(page.getByTestId('team-group:default/data-platform').textContent()).resolves.toContain('(your team)');
    const names = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(names.sort()).toEqual(['DEMO_KMS_V3.DEMO_SCHEMA.S3_STAGE_KMS', 'acme-snowflake-stage', 'acme-snowflake-stage-replica']);
    await expect(page.getByTestId('resources-table').textContent()).resolves.toContain('Snowflake stage');
    await expect(page.getByTestId('resources-table').textContent()).resolves.toMatch(/Passing|Failing/);
    await expect(page.getByTestId('resources-table').textContent()).resolves.toContain('The key is Enabled.');
    await expect(page.getByTestId('team-cost').textContent()).resolves.toMatch(/3 resources · team monthly cost \$\d/);
    // The replica's only problem is accepted in demo-profile.yaml: Suppressed, with the chip; the stage bucket's cost note does not make it Failing.
    const replica = page.locator('[data-testid="resource-row"][data-name="acme-snowflake-stage-replica"]');
    await expect(replica.textContent()).resolves.toContain('Suppressed');
    await expect(replica.getByTestId('suppressed-chip').textContent()).resolves.toBe('1 suppressed · until 2027-06-30');
    const stageRow = page.locator('[data-testid="resource-row"][data-name="acme-snowflake-stage"]');
    await expect(stageRow.textContent()).resolves.toContain('Passing');
    await expect(stageRow.getByTestId('notes').textContent()).resolves.toBe('info: cost-replication-transfer');
    await page.screenshot({ path: join(artifacts, 'team-page.png'), fullPage: true });
    if (docs) await page.screenshot({ path: join(docs, 'backstage-team-page.png'), fullPage: true });

    // The stage bucket's drawer: its whole chain, stage → integration → role and stage → bucket → key.
    await page.locator('[data-testid="resource-row"][data-name="acme-snowflake-stage"]').click();
    const drawer = page.getByTestId('resource-drawer');
    await drawer.getByTestId('chain-diagram').waitFor();
    const kinds = await drawer.locator('[data-testid="chain-diagram"] g[data-kind]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-kind')));
    expect(kinds.sort()).toEqual(['bucket', 'integration', 'key', 'role', 'stage']);
    await expect(drawer.getByTestId('chain-diagram').textContent()).resolves.toContain('DEMO_KMS_V3.DEMO_SCHEMA.S3');
    await page.screenshot({ path: join(artifacts, 'resource-drawer-chain.png') });
    if (docs) await page.screenshot({ path: join(docs, 'backstage-resource-drawer.png') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // The replica's drawer lists the suppressed finding with its reason, expiry and approver.
    await replica.click();
    await drawer.getByTestId('suppressed-finding').waitFor();
    await expect(drawer.getByTestId('suppressed-finding').textContent()).resolves.toContain('Accepted until 2027-06-30, approved by security@acme.example');
    await page.screenshot({ path: join(artifacts, 'resource-drawer-suppressed.png') });
    if (docs) await page.screenshot({ path: join(docs, 'backstage-suppressed.png') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Another team's page shows failures; filter to them with the status select.
    await page.getByTestId('team-unowned').click();
    await page.getByTestId('filter-status').click();
    await page.getByTestId('option-status-fail').click();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="resource-row"]')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('Failing'));
    });
    const failing = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(failing.length).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'filtered-failures.png'), fullPage: true });

    // Open a failing resource: findings with remediation, and its chain diagram.
    await rows.first().click();
    await drawer.getByTestId('chain-diagram').waitFor();
    expect(await drawer.locator('[data-testid="chain-diagram"] g[data-kind]').count()).toBeGreaterThanOrEqual(2);
    await expect(drawer.getByTestId('finding').first().textContent()).resolves.toContain('Remediation:');
    await page.screenshot({ path: join(artifacts, 'resource-drawer-failing.png') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Rescan: the scan age moves from scan #1 to scan #2.
    const age = page.getByTestId('scan-age-demo');
    const before = await age.textContent();
    expect(before).toMatch(/demo: scanned .* \(scan #1\)/);
    await page.getByTestId('rescan').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="scan-age-demo"]')?.textContent?.includes('(scan #2)'), undefined, { timeout: 120_000 });
    expect(await age.textContent()).toMatch(/demo: scanned just now \(scan #2\)/);
    await page.screenshot({ path: join(artifacts, 'after-rescan.png'), fullPage: true });

    expect((globalThis as { outside?: string[] }).outside).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { fingerprint, renderSarif } from './sarif.js';
import { testingReport, testingRules } from './testing-report.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation?: { artifactLocation: { uri: string } }; logicalLocations: { fullyQualifiedName: string; kind: string }[] }[];
  partialFingerprints: Record<string, string>;
  properties: { status: string };
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string }; properties: Record<string, unknown> }[] } }; results: SarifResult[] }[];
}

const parse = (text: string): SarifLog => JSON.parse(text) as SarifLog;
const log = parse(renderSarif(testingReport, testingRules));
const run = log.runs[0]!;

describe('renderSarif', () => {
  it('is one SARIF 2.1.0 run by envelope', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('envelope');
  });

  it('has one rule per rule id, unique, and every result points at its rule', () => {
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(testingRules.map((r) => r.id).sort());
    for (const r of run.results) expect(ids[r.ruleIndex]).toBe(r.ruleId);
  });

  it('reports fail and unknown findings only', () => {
    const expected = testingReport.findings.filter((f) => f.status === 'fail' || f.status === 'unknown').length;
    expect(run.results).toHaveLength(expected);
    expect(new Set(run.results.map((r) => r.properties.status))).toEqual(new Set(['fail', 'unknown']));
  });

  it.each([
    ['critical', 'error', '9.5'],
    ['high', 'error', '7.5'],
    ['medium', 'warning', '5.0'],
    ['low', 'note', '3.0'],
  ])('maps a %s rule to level %s and security-severity %s', (severity, level, score) => {
    const rule = run.tool.driver.rules.find((r) => testingRules.find((t) => t.id === r.id)?.severity === severity)!;
    expect(rule.defaultConfiguration.level).toBe(level);
    expect(rule.properties['security-severity']).toBe(score);
    for (const r of run.results.filter((x) => x.ruleId === rule.id && x.kind === 'fail')) expect(r.level).toBe(level);
  });

  it('keeps unknown visible as a review result, titled "Could not evaluate"', () => {
    const unknown = run.results.filter((r) => r.properties.status === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    for (const r of unknown) {
      expect(r).toMatchObject({ kind: 'review', level: 'none' });
      expect(r.message.text).toMatch(/^\S+ .+: Could not evaluate/);
    }
  });

  it('locates results by ARN and fingerprints them by rule and resource', () => {
    for (const r of run.results) {
      const logical = r.locations[0]!.logicalLocations[0]!;
      expect(logical.fullyQualifiedName).toMatch(/^arn:aws:/);
      expect(r.partialFingerprints['envelopeResource/v1']).toBe(fingerprint(r.ruleId, logical.fullyQualifiedName));
      expect(r.locations[0]!.physicalLocation).toBeUndefined();
    }
    const prints = run.results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    expect(new Set(prints).size).toBe(prints.length);
    expect(renderSarif(structuredClone(testingReport), testingRules)).toBe(renderSarif(testingReport, testingRules));
  });

  it('adds a physical location when given an artifact, for GitHub code scanning', () => {
    const withFile = parse(renderSarif(testingReport, testingRules, { artifactUri: 'infra/plan.json' }));
    for (const r of withFile.runs[0]!.results) expect(r.locations[0]!.physicalLocation?.artifactLocation.uri).toBe('infra/plan.json');
  });

  it('places a Terraform resource on the line that declares it, over the artifact', () => {
    const declared = structuredClone(testingReport);
    const [first, second] = declared.findings.filter((f) => f.status === 'fail');
    first!.resource = { ...first!.resource, address: 'module.stage["a b"].aws_s3_bucket.stage', location: { file: 'infra/modules/stage bucket/main.tf', line: 45 } };
    second!.resource = { ...second!.resource, address: 'aws_kms_key.stage', location: { file: '/abs/infra/main.tf', line: 7 } };
    const results = parse(renderSarif(declared, testingRules, { artifactUri: 'infra/plan.json' })).runs[0]!.results as (SarifResult & {
      locations: { physicalLocation?: { region: { startLine: number } } }[];
    })[];
    const at = (text: string) => results.find((r) => r.message.text === text)!.locations[0]!.physicalLocation;
    const render = (f: typeof first) => `${f!.resource.type} ${f!.resource.name}: ${f!.message}`;
    expect(at(render(first))).toEqual({ artifactLocation: { uri: 'infra/modules/stage%20bucket/main.tf' }, region: { startLine: 45 } });
    expect(at(render(second))).toEqual({ artifactLocation: { uri: 'file:///abs/infra/main.tf' }, region: { startLine: 7 } });
    // Results without a declaration keep the artifact's line 1.
    const others = results.filter((r) => r.message.text !== render(first) && r.message.text !== render(second));
    expect(others.length).toBeGreaterThan(0);
    for (const r of others) expect(r.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'infra/plan.json' }, region: { startLine: 1 } });
  });

  it('describes a rule missing from the registry from its findings', () => {
    const only = parse(renderSarif(testingReport, testingRules.slice(1)));
    expect(only.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain(testingRules[0]!.id);
  });
});

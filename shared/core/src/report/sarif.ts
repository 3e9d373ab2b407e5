/**
 * SARIF 2.1.0: one run, one reportingDescriptor per rule id, results for fail, unknown and
 * suppressed findings (the last with `suppressions`; pass and not_applicable are in the JSON
 * report). Cloud resources have no source file, so a result's location is logical (the ARN);
 * `artifactUri` adds a physical location for GitHub code scanning, which rejects results without
 * one. A Terraform plan's resource whose .tf files were beside the plan is placed on its
 * `resource` block instead.
 */
import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../model/finding.js';
import type { Rule } from '../rules/define-rule.js';
import { escapeMarkdown, markdownLink } from './markdown-escape.js';
import type { Report } from './schema.js';
import { compareFindings, compareText, suppressionTerms, type ReportFinding } from './view.js';

export interface SarifOptions {
  /**
   * Repository-relative file every result is also placed on (line 1), e.g. the Terraform plan or
   * the profile. Needed to upload to GitHub code scanning; omitted, results carry only the
   * logical location (valid SARIF, shown by other viewers).
   */
  artifactUri?: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/envelope-dev/envelope';

type Level = 'error' | 'warning' | 'note' | 'none';

export const SARIF_LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * GitHub reads `security-severity` as a string from 0.1 to 10.0 (>= 9.0 critical, 7.0 high,
 * 4.0 medium, 0.1 low). info has none, so its results are plain notes rather than security alerts.
 */
export const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '7.5',
  medium: '5.0',
  low: '3.0',
  info: undefined,
};

/** The metadata a descriptor needs; a finding whose rule is not in `rules` still gets one. */
interface DescriptorSource {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  resourceType: string;
  remediation: string;
  docs: string;
}

export function renderSarif(report: Report, rules: readonly Rule[], options: SarifOptions = {}): string {
  const reported = report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown' || f.status === 'suppressed').sort(compareFindings);
  const sources = new Map<string, DescriptorSource>(rules.map((r) => [r.id, r]));
  for (const f of report.findings) {
    if (!sources.has(f.ruleId)) {
      sources.set(f.ruleId, { id: f.ruleId, title: f.ruleId, description: f.ruleId, severity: f.severity, resourceType: f.resource.type, remediation: f.remediation, docs: f.docs });
    }
  }
  const ordered = [...sources.values()].sort((a, b) => compareText(a.id, b.id));
  const index = new Map(ordered.map((r, i) => [r.id, i]));

  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'envelope',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: ordered.map(descriptor),
          },
        },
        invocations: [{ executionSuccessful: true, endTimeUtc: report.scannedAt }],
        results: reported.map((f) => result(f, index.get(f.ruleId) ?? -1, options, report.source.kind)),
        properties: {
          profile: report.profile.name,
          source: report.source,
          summary: report.summary,
          gaps: report.gaps.length,
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** "kms-rotation-enabled" → "KmsRotationEnabled": SARIF names are identifiers, ids stay kebab. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
}

const limit = (text: string, max = 1024): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function descriptor(r: DescriptorSource) {
  const securitySeverity = SECURITY_SEVERITY[r.severity];
  return {
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: limit(r.title) },
    fullDescription: { text: limit(r.description) },
    helpUri: r.docs,
    help: { text: r.remediation, markdown: `**How to fix:** ${escapeMarkdown(r.remediation)}\n\n${markdownLink('Rule documentation', r.docs)}` },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: {
      tags: ['security', r.resourceType.startsWith('snowflake') ? 'snowflake' : 'aws', r.resourceType],
      precision: 'high',
      ...(securitySeverity ? { 'security-severity': securitySeverity } : {}),
    },
  };
}

/** Stable across runs and line moves: the rule and the resource identify the alert. */
export function fingerprint(ruleId: string, resourceId: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${resourceId}`).digest('hex');
}

/**
 * Where code scanning annotates the result: the `resource` block a Terraform plan's resource is
 * declared by (plan mode with the .tf files beside the plan), else line 1 of `artifactUri`, else none.
 */
function physicalLocation(f: ReportFinding, options: SarifOptions) {
  const at = f.resource.location;
  if (at) return { physicalLocation: { artifactLocation: { uri: artifactUriOf(at.file) }, region: { startLine: at.line } } };
  return options.artifactUri ? { physicalLocation: { artifactLocation: { uri: options.artifactUri }, region: { startLine: 1 } } } : {};
}

/** A relative path stays relative (resolved against the repository root); an absolute one is a file: URI. */
function artifactUriOf(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function result(f: ReportFinding, ruleIndex: number, options: SarifOptions, sourceKind: Report['source']['kind']) {
  // A suppressed finding is the rule's verdict (fail or unknown) with a SARIF suppression on it.
  const verdict = f.status === 'suppressed' ? (f.suppressedStatus ?? 'fail') : f.status;
  const unknown = verdict === 'unknown';
  const message = unknown && !f.message.startsWith('Could not evaluate') ? `Could not evaluate: ${f.message}` : f.message;
  const hash = fingerprint(f.ruleId, f.resource.id);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    // SARIF §3.27.9: a kind other than fail requires level none. GitHub ignores kind and shows the
    // rule's security severity, so an unknown still surfaces there, titled "Could not evaluate".
    kind: unknown ? 'review' : 'fail',
    level: unknown ? 'none' : SARIF_LEVEL[f.severity],
    // The first sentence is the alert title, so it names the resource.
    message: { text: `${f.resource.type} ${f.resource.name}: ${message}` },
    locations: [
      {
        ...physicalLocation(f, options),
        logicalLocations: [{ name: f.resource.name, fullyQualifiedName: f.resource.id, kind: f.resource.type }],
      },
    ],
    partialFingerprints: {
      'envelopeResource/v1': hash,
      // upload-sarif keeps a supplied primaryLocationLineHash; without it every result placed on
      // the same line of `artifactUri` would hash alike and GitHub would merge the alerts.
      primaryLocationLineHash: `${hash.slice(0, 16)}:1`,
    },
    ...(f.status === 'suppressed' && f.suppression ? { suppressions: [suppression(f, sourceKind)] } : {}),
    properties: {
      status: f.status,
      ...(f.suppressedStatus ? { suppressedStatus: f.suppressedStatus } : {}),
      severity: f.severity,
      resource: f.resource,
      messageId: f.messageId,
      ...(f.evidence ? { evidence: f.evidence } : {}),
      remediation: f.remediation,
    },
  };
}

/**
 * SARIF 2.1.0 §3.35: an accepted suppression. A tag in a Terraform plan sits in the reviewed .tf
 * source (inSource, like a Checkov skip comment); the profile and a live resource's tag are external.
 */
function suppression(f: ReportFinding, sourceKind: Report['source']['kind']) {
  const s = f.suppression!;
  return {
    kind: s.source === 'tag' && sourceKind === 'terraform-plan' ? 'inSource' : 'external',
    status: 'accepted',
    justification: `${s.reason} (${suppressionTerms(f)})`,
    properties: { source: s.source, ...(s.expires ? { expires: s.expires } : {}), ...(s.approvedBy ? { approvedBy: s.approvedBy } : {}), ...(s.tag ? { tag: s.tag } : {}) },
  };
}

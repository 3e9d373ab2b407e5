/**
 * A rule's remediation as data: the inventory transformation that following the remediation text
 * for one failing resource would produce. Each rule that has a machine-applicable fix exports one
 * from its folder (`<rule-id>/fix.ts`); remediation-consistency.test.ts applies it to a failing
 * fixture and checks that the rule then passes and no other rule newly fails, so two rules cannot
 * ask for opposite things without a test failing. Fixes never run in a scan.
 *
 * Ties to the text: `follows` quotes the remediation verbatim (the test checks each quote is in it),
 * policy JSON is parsed out of the remediation itself where the text carries it, and the test checks
 * that a fix grants no action its remediation does not name.
 */
import type { BucketInventory, Inventory, KeyInventory, RoleInventory } from '../model/inventory.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import type { RuleContext } from './define-rule.js';

export interface DocumentedFix {
  ruleId: string;
  /** Phrases of the rule's remediation this transformation carries out, verbatim. */
  follows: string[];
  /** The inventory after the remediation was followed for the resource with this id (bucket, key, role or account ARN). */
  apply(inventory: Inventory, resourceId: string, ctx: RuleContext): Inventory;
}

export const defineFix = (fix: DocumentedFix): DocumentedFix => fix;

/**
 * The JSON values (objects, arrays) written in a remediation text, in order, with placeholders
 * replaced: whole words in capitals (ACCOUNT_ID, not inside REPLICA_ACCOUNT_ID), or any other text
 * literally (<account id>). Throws when a brace does not close or the
 * JSON does not parse: a remediation whose JSON is broken is a bug the test must show.
 */
export function remediationJson(text: string, placeholders: Record<string, string> = {}): unknown[] {
  const found: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    // An object opens with {" and an array with [" or [{" ([{ObjectOwnership=…}] is CLI shorthand, not JSON).
    const open = text.slice(i).search(/\{\s*"|\[\s*(?:"|\{\s*")/);
    if (open < 0) break;
    const start = i + open;
    const end = closingIndex(text, start);
    let json = text.slice(start, end + 1);
    for (const [name, value] of Object.entries(placeholders))
      json = /^[A-Z_]+$/.test(name) ? json.replace(new RegExp(`\\b${name}\\b`, 'g'), value) : json.split(name).join(value);
    found.push(JSON.parse(json));
    i = end + 1;
  }
  return found;
}

function closingIndex(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let j = start; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return j;
    }
  }
  throw new Error(`remediation JSON starting at ${start} does not close: ${text.slice(start, start + 60)}…`);
}

// ---- Inventory edits: copy-on-write, one resource at a time. ----

export const withBucket = (inv: Inventory, arnOrName: string, f: (b: BucketInventory) => BucketInventory): Inventory => ({
  ...inv,
  buckets: inv.buckets.map((b) => (b.arn === arnOrName || b.name === arnOrName ? f(b) : b)),
});

export const withKey = (inv: Inventory, arn: string, f: (k: KeyInventory) => KeyInventory): Inventory => ({
  ...inv,
  keys: inv.keys.map((k) => (k.arn === arn ? f(k) : k)),
});

export const withRole = (inv: Inventory, arn: string, f: (r: RoleInventory) => RoleInventory): Inventory => ({
  ...inv,
  roles: inv.roles.map((r) => (r.arn === arn ? f(r) : r)),
});

/** The key policy with `f` applied to its statements; an unread policy stays as it is (a fix cannot edit what nobody read). */
export const editKeyPolicy = (k: KeyInventory, f: (statements: PolicyStatement[]) => PolicyStatement[]): KeyInventory =>
  k.policy.state === 'present' ? { ...k, policy: { state: 'present', value: editStatements(k.policy.value, f) } } : k;

/** The role's trust policy with `f` applied to its statements; an unread trust policy stays as it is. */
export const editTrustPolicy = (r: RoleInventory, f: (statements: PolicyStatement[]) => PolicyStatement[]): RoleInventory =>
  r.trustPolicy.state === 'present' ? { ...r, trustPolicy: { state: 'present', value: editStatements(r.trustPolicy.value, f) } } : r;

export const editStatements = (doc: PolicyDocument, f: (statements: PolicyStatement[]) => PolicyStatement[]): PolicyDocument => ({
  ...doc,
  Statement: f(doc.Statement.map((s) => structuredClone(s))),
});

export const keyRegionOf = (arn: string): string | undefined => arn.split(':')[3] || undefined;

/**
 * The resource tag that suppresses findings on the resource itself: `envelope:ignore` =
 * `rule-id[,rule-id] reason`. AWS accepts no comma in a tag value (S3, IAM and KMS allow letters,
 * digits, spaces and `_ . : / = + - @`), so `+` and `/` separate rule ids as well as `,`.
 */
export const IGNORE_TAG = 'envelope:ignore';

export type ParsedIgnoreTag = { ok: true; rules: string[]; reason: string } | { ok: false; problem: string };

export function parseIgnoreTag(value: string): ParsedIgnoreTag {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const idsPart = space < 0 ? trimmed : trimmed.slice(0, space);
  const reason = space < 0 ? '' : trimmed.slice(space).trim();
  const rules = idsPart.split(/[,+/]/).filter(Boolean);
  if (rules.length === 0) return { ok: false, problem: 'names no rule id (the value is `rule-id[,rule-id] reason`)' };
  const bad = rules.find((r) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(r));
  if (bad !== undefined) return { ok: false, problem: `${JSON.stringify(bad)} is not a rule id (the value is \`rule-id[,rule-id] reason\`)` };
  if (!reason) return { ok: false, problem: 'gives no reason after the rule ids: a suppression must say why the risk is accepted' };
  return { ok: true, rules: [...new Set(rules)], reason };
}

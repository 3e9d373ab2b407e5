import { extname } from 'node:path';
import { inputText, parseJsonInput, parseYamlInput, readInputFile } from '../input-file.js';
import { z } from 'zod';
import { ConfigError } from '../profile/load.js';
import { defaultPriceTable } from './price-table.js';
import { STORAGE_CLASSES, type PriceTable, type StorageClass } from './price-table-types.js';

const PRICE_MESSAGE = 'must be a nonnegative number';
// zod 4 numbers are finite; the custom error covers wrong types, NaN and negatives alike.
const price = z.number({ error: PRICE_MESSAGE }).min(0, { error: PRICE_MESSAGE });
const count = z.number({ error: 'must be a nonnegative integer' }).int({ error: 'must be a nonnegative integer' }).min(0, { error: 'must be a nonnegative integer' });

const perClass = z.strictObject(Object.fromEntries(STORAGE_CLASSES.map((c) => [c, price])) as Record<StorageClass, typeof price>);
const bytesPerClass = z.strictObject(Object.fromEntries(STORAGE_CLASSES.map((c) => [c, count])) as Record<StorageClass, typeof count>);

export const regionPricesSchema = z.strictObject({
  kms: z.strictObject({ keyMonth: price, rotationSurchargeMonth: price, rotationSurchargeCap: count, symmetricRequestsPer10k: price }),
  s3: z.strictObject({
    storageGbMonth: perClass,
    putPer1k: perClass,
    getPer1k: perClass,
    transitionPer1k: perClass,
    minBillableBytes: bytesPerClass,
    minDurationDays: bytesPerClass,
    archiveOverheadStandardBytes: count,
    archiveOverheadClassBytes: count,
  }),
  transfer: z.strictObject({ interRegionPerGb: price }),
  cloudtrail: z.strictObject({ dataEventsPer100k: price }),
  note: z.string().optional(),
});

export const priceTableSchema = z.strictObject({
  priceTableDate: z.iso.date({ error: 'must be an ISO date (YYYY-MM-DD)' }),
  currency: z.literal('USD', { error: 'must be "USD"' }),
  sources: z.array(z.string()),
  kmsFreeTierRequestsPerMonth: count,
  regions: z.record(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS Region such as eu-west-1'), regionPricesSchema),
  regionSources: z.record(z.string(), z.string()).optional(),
}) satisfies z.ZodType<PriceTable>;

/**
 * A price-table override: any subset of the table, deep-merged over `base` (the built-in table).
 * A Region already in the table takes the given fields over its prices; a new Region must be
 * complete, because guessing its prices from another Region would be a silent wrong figure.
 * `sources` from the file are added to the table's, and the file itself is named as a source.
 */
export function parsePriceTableOverride(raw: unknown, file: string, base: PriceTable = defaultPriceTable): PriceTable {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${file}: must be an object of price-table fields (got ${shown(raw)})`, file);
  }
  // Where prices came from is said by envelope, not by the file.
  const { sources, regionSources: _claimed, ...rest } = raw as Record<string, unknown>;
  const merged = deepMerge(base, rest) as Record<string, unknown>;
  merged['sources'] = [...base.sources, ...(Array.isArray(sources) ? sources : sources === undefined ? [] : [sources]), `overrides from ${file}`];
  const overridden = isPlainObject(rest['regions']) ? Object.keys(rest['regions']) : [];
  if (overridden.length > 0 || base.regionSources) {
    const from = (r: string) => (base.regions[r] ? `${base.regionSources?.[r] ?? `built-in table dated ${base.priceTableDate}`}, with overrides from ${file}` : `${file}`);
    merged['regionSources'] = { ...base.regionSources, ...Object.fromEntries(overridden.map((r) => [r, from(r)])) };
  }
  const result = priceTableSchema.safeParse(merged);
  if (result.success) return result.data as PriceTable;
  const lines = result.error.issues.slice(0, 5).map((issue) => `${file}: ${describeIssue(issue, merged)}`);
  const more = result.error.issues.length > 5 ? `\n… and ${result.error.issues.length - 5} more` : '';
  throw new ConfigError(lines.join('\n') + more, file, pathOf(result.error.issues[0]?.path ?? []));
}

/** Reads a JSON (.json) or YAML (anything else) override file and merges it over the built-in table. */
export async function loadPriceTable(file: string, base: PriceTable = defaultPriceTable): Promise<PriceTable> {
  return (await loadPriceOverride(file, base)).table;
}

/** An override file as read (to lay over another table later, e.g. prices read from AWS) and merged over `base` (which validates it). */
export interface PriceOverride {
  file: string;
  raw: unknown;
  table: PriceTable;
}

export async function loadPriceOverride(file: string, base: PriceTable = defaultPriceTable): Promise<PriceOverride> {
  const text = inputText(await readInputFile({ option: '--price-table', path: file, kind: 'priceTable' }));
  const isJson = extname(file).toLowerCase() === '.json';
  const raw = isJson ? parseJsonInput(text, { option: '--price-table', path: file }) : parseYamlInput(text, { option: '--price-table', path: file });
  return { file, raw: raw ?? {}, table: parsePriceTableOverride(raw ?? {}, file, base) };
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = pathOf(issue.path) || '(root)';
  if (issue.code === 'unrecognized_keys') return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  return `${path}: ${issue.message} (got ${shown(valueAt(raw, issue.path))})`;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing: the field is missing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

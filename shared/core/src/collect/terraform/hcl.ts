import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigModule, TerraformPlan } from './plan-file.js';
import { configModulePath } from './plan-index.js';

/**
 * The Terraform configuration beside a plan: what plan JSON leaves out. A plan says an element of
 * `resources` is built from `aws_s3_bucket.stage.arn` but not whether it is that ARN or
 * `"${aws_s3_bucket.stage.arn}/*"`; the .tf text says which. Parsed with HashiCorp's hcl2json
 * (the Go HCL parser compiled to WASM), whose output is the .tf.json shape: literals as values,
 * every expression as `"${…}"` template text.
 */
export interface TerraformSource {
  /** The parsed body of `BLOCK "TYPE" "NAME"` in a module (`moduleAddress` '' for the root), or why there is none. */
  block(kind: 'resource' | 'data', type: string, name: string, moduleAddress: string): { body: Record<string, unknown> } | { missing: string };
  /**
   * Where `resource "TYPE" "NAME"` starts: hcl2json gives no positions, so this is a line scan of
   * the module's files that skips comments and heredocs. `file` is the plan's directory joined
   * with the file's path.
   */
  locate(type: string, name: string, moduleAddress: string, kind?: 'resource' | 'data'): { file: string; line: number } | undefined;
}

interface ModuleFiles {
  /** Set when the module's files are not on disk (registry or git source, missing directory). */
  missing?: string;
  files: { file: string; text: string; parsed?: Record<string, unknown>; error?: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the .tf/.tf.json files of the root module (the plan's directory) and of every local module call. Undefined when the plan's directory holds none. */
export async function readTerraformSource(planDirectory: string, plan: TerraformPlan): Promise<TerraformSource | undefined> {
  const root = await readModule(planDirectory);
  if (root.missing || root.files.length === 0) return undefined;
  const modules = new Map<string, ModuleFiles>([['', root]]);
  await readCalls(plan.configuration?.root_module, planDirectory, [], modules);
  return new Source(modules);
}

async function readCalls(m: ConfigModule | undefined, dir: string | undefined, path: string[], out: Map<string, ModuleFiles>): Promise<void> {
  for (const [name, call] of Object.entries(m?.module_calls ?? {})) {
    const key = [...path, name];
    const source = call.source ?? '';
    const local = dir !== undefined && /^\.\.?(\/|$)/.test(source) ? join(dir, source) : undefined;
    const files: ModuleFiles = local ? await readModule(local) : { missing: `module.${key.join('.module.')} comes from "${source}", whose .tf files are not beside the plan`, files: [] };
    out.set(key.join('.'), files);
    await readCalls(call.module, files.missing ? undefined : local, key, out);
  }
}

async function readModule(dir: string): Promise<ModuleFiles> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.tf') || n.endsWith('.tf.json')).sort();
  } catch {
    return { missing: `the module directory ${dir} could not be read`, files: [] };
  }
  // Loaded only when there are .tf files: the module instantiates its WASM parser on import.
  const { parse } = names.some((n) => n.endsWith('.tf')) ? await import('@cdktf/hcl2json') : { parse: undefined };
  const files = await Promise.all(
    names.map(async (n) => {
      const file = join(dir, n);
      let text = '';
      try {
        text = await readFile(file, 'utf8');
        const parsed: unknown = n.endsWith('.json') || !parse ? JSON.parse(text) : await parse(n, text);
        return isObject(parsed) ? { file, text, parsed } : { file, text, error: `${file} is not a configuration object` };
      } catch (err) {
        return { file, text, error: `${file} could not be ${text ? 'parsed' : 'read'} (${(err as Error).message.split('\n')[0] ?? 'syntax error'})` };
      }
    }),
  );
  return { files };
}

class Source implements TerraformSource {
  constructor(private readonly modules: Map<string, ModuleFiles>) {}

  private module(moduleAddress: string): ModuleFiles | undefined {
    return this.modules.get(configModulePath(moduleAddress).join('.'));
  }

  block(kind: 'resource' | 'data', type: string, name: string, moduleAddress: string): { body: Record<string, unknown> } | { missing: string } {
    const m = this.module(moduleAddress);
    const where = `${kind === 'data' ? 'data.' : ''}${type}.${name}${moduleAddress ? ` in ${moduleAddress}` : ''}`;
    if (!m) return { missing: `the .tf files of ${moduleAddress || 'the root module'} are not beside the plan` };
    if (m.missing) return { missing: m.missing };
    const broken = m.files.find((f) => f.error);
    if (broken) return { missing: broken.error! };
    const found = m.files.flatMap((f) => {
      const byType = f.parsed?.[kind];
      const byName = isObject(byType) ? byType[type] : undefined;
      const blocks = isObject(byName) ? byName[name] : undefined;
      return Array.isArray(blocks) ? blocks : isObject(blocks) ? [blocks] : [];
    });
    if (found.length !== 1 || !isObject(found[0])) return { missing: `the .tf files ${found.length ? 'declare more than one' : 'do not declare'} ${where}: they do not match the plan` };
    return { body: found[0] };
  }

  locate(type: string, name: string, moduleAddress: string, kind: 'resource' | 'data' = 'resource'): { file: string; line: number } | undefined {
    const m = this.module(moduleAddress);
    for (const f of m?.files ?? []) {
      const line = f.file.endsWith('.json') ? undefined : blockLine(f.text, kind, type, name);
      if (line !== undefined) return { file: f.file, line };
    }
    return undefined;
  }
}

const label = (s: string): string => `(?:"${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"|${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`;

/** The 1-based line where `KIND "TYPE" "NAME" {` opens at the top level, skipping comments and heredoc bodies. */
export function blockLine(text: string, kind: string, type: string, name: string): number | undefined {
  const opener = new RegExp(`^\\s*${kind}\\s+${label(type)}\\s+${label(name)}\\s*\\{`);
  let heredoc: string | undefined;
  let comment = false;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (heredoc !== undefined) {
      if (raw.trim() === heredoc) heredoc = undefined;
      continue;
    }
    if (comment) {
      if (raw.includes('*/')) comment = false;
      continue;
    }
    if (opener.test(raw)) return i + 1;
    const code = raw.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(#|\/\/).*$/, '');
    const here = /<<-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(code);
    if (here) heredoc = here[1];
    else if (/\/\*/.test(code) && !/\/\*.*\*\//.test(code)) comment = true;
  }
  return undefined;
}

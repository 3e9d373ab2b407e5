/**
 * Starts moto_server (the AWS emulator) on 127.0.0.1 on a free port and stops it. Installs moto
 * into <repo>/.venv first when it is missing, so a fresh machine needs no manual step.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const MOTO_VERSION = '5.2.5';
const repoRoot = resolve(import.meta.dirname, '../../..');
const venv = process.env.ENVELOPE_MOTO_VENV ?? join(repoRoot, '.venv');
const motoBin = join(venv, 'bin', 'moto_server');

export function ensureMotoInstalled(log: (s: string) => void = () => {}): string {
  if (existsSync(motoBin)) return motoBin;
  log(`installing moto[server]==${MOTO_VERSION} into ${venv} (one time, about a minute)`);
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
  };
  if (!existsSync(join(venv, 'bin', 'python'))) run('python3', ['-m', 'venv', venv]);
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `moto[server]==${MOTO_VERSION}`]);
  return motoBin;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<MotoServer> {
  const bin = ensureMotoInstalled((s) => process.stderr.write(`[moto] ${s}\n`));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await motoApi(endpoint, 'GET', '/moto-api/')) === 200) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** Wipes every service's state between scenarios. */
export async function resetMoto(endpoint: string): Promise<void> {
  const status = await motoApi(endpoint, 'POST', '/moto-api/reset');
  if (status !== 200) throw new Error(`moto reset failed: HTTP ${status}`);
}

/** moto's own control API. */
async function motoApi(endpoint: string, method: string, path: string): Promise<number> {
  const r = await fetch(`${endpoint}${path}`, { method });
  await r.body?.cancel();
  return r.status;
}

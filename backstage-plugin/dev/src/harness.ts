/**
 * Starts the dev harness (src/backend.ts) as a child process on a free loopback port with its own
 * SQLite directory, for the browser test: the same backend a person starts with `npm start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

export interface Harness {
  baseUrl: string;
  log: () => string;
  stop: () => Promise<void>;
}

export async function startHarness(options: { initialDelaySeconds?: number } = {}): Promise<Harness> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'envelope-harness-'));
  const baseUrl = `http://localhost:${port}`;
  const extra = join(dir, 'app-config.test.yaml');
  writeFileSync(
    extra,
    [
      `app: { baseUrl: ${baseUrl} }`,
      `backend: { baseUrl: ${baseUrl}, listen: { host: 127.0.0.1, port: ${port} }, database: { client: better-sqlite3, connection: { directory: ${JSON.stringify(join(dir, 'data'))} } } }`,
      `envelope: { schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 }, initialDelay: { seconds: ${options.initialDelaySeconds ?? 1} } } }`,
    ].join('\n'),
  );
  const child: ChildProcess = spawn(process.execPath, [tsx, join(here, 'backend.ts'), '--config', join(here, '..', 'app-config.yaml'), '--config', extra], {
    env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the harness exited (${child.exitCode}):\n${output.slice(-4000)}`);
    try {
      if ((await fetch(`${baseUrl}/api/envelope/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the harness did not answer on ${baseUrl} within 90 s:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    log: () => output,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

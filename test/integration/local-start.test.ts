import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/ports.js';
import { repoRoot } from '../../local/stack.js';

const dataDir = mkdtempSync(join(tmpdir(), 'boai-start-'));
const tsxCli = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `npm start`'s entry as a user would, collecting output until `until` matches or it exits. */
function start(port: number, until: RegExp): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [tsxCli, 'local/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), BOAI_DATA_DIR: dataDir, BOAI_SEED: 'minimal', ACCESS_LOG: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start timed out:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      resolve({ child, output: () => output, exited });
    });
  });
}

const pidFile = join(dataDir, 'dynamodb', 'dynamodb-local.pid');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  it('serves the site and API, stops cleanly on Ctrl-C, and keeps data for the next start', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const first = await start(port, /is running/);
    expect(first.output()).toContain('Loading administrative divisions');
    expect(first.output()).toContain(`http://127.0.0.1:${port}/portal/`);
    const javaPid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(javaPid)).toBe(true);

    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<html');

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(alive(javaPid)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);

    const second = await start(port, /is running/);
    expect(second.output()).not.toContain('Loading administrative divisions');
    const divisions = await fetch(`http://127.0.0.1:${port}/api/divisions?parent=421123000000`);
    expect(((await divisions.json()) as { parent: { name: string } }).parent.name).toBe('罗田县');
    const secondJava = Number(readFileSync(pidFile, 'utf8'));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(alive(secondJava)).toBe(false);
  });

  it('says clearly when the port is taken, and starts no Java', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const run = await start(port, /already in use/);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Port ${port} is already in use`);
      expect(run.output()).toContain('端口');
    } finally {
      blocker.close();
    }
  });

  it('leaves no Java behind even when the Node process is killed with SIGKILL', { timeout: 120_000 }, async () => {
    const script = "import { startDynamoLocal } from './local/dynamo.ts'; const d = await startDynamoLocal(); console.log('JAVA ' + d.process.pid);";
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const javaPid = await new Promise<number>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`no pid:\n${output}`)), 90_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /JAVA (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    });
    expect(alive(javaPid)).toBe(true);
    child.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive(javaPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(javaPid)).toBe(false);
  });
});

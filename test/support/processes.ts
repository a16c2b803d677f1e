import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const root = path.resolve(__dirname, '../..');

export type Started = {
  pid: number;
  /** A signal to this process only (as an operator or a service manager sends it). */
  kill: (signal?: NodeJS.Signals) => void;
  /** SIGKILL to the process and everything it started (clean-up after a failed test: nothing orphaned). */
  killAll: () => void;
  exited: Promise<number | null>;
  output: () => string;
};

/** A command in the project folder with a clean environment (PATH only, and what the test gives), output collected. */
export function startProcess(command: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(command, args, {
    cwd: root,
    detached: true, // its own process group, so killAll reaches what it started
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      LOG_LEVEL: 'warn',
      SCRYPT_LOG_N: '10',
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const killAll = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  };
  return {
    pid: child.pid!,
    kill: (s = 'SIGTERM') => void (done || child.kill(s)),
    killAll,
    exited,
    output: () => output,
  };
}

/** Runs a command to its end: exit code and output. */
export async function runToEnd(command: string, args: string[], env: Record<string, string>) {
  const p = startProcess(command, args, env);
  const code = await p.exited;
  return { code, output: p.output() };
}

export async function waitForHealth(port: number, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(`http://127.0.0.1:${port}/healthz`);
    } catch {
      if (Date.now() > deadline) throw new Error('server did not come up');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Whether nothing listens on the port any more, within the time given. */
export async function portFreeWithin(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (!open) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port for one test process, away from the app's default and from other test files' ports. */
export const freePort = async (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

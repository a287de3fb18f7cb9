import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './process';

/** tsx as a loader inside one node process (the tsx CLI would add a wrapper process around it). */
const TSX_LOADER = pathToFileURL(path.join(REPO_ROOT, 'tests/node_modules/tsx/dist/loader.mjs')).href;

export interface AppProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Sends a signal to the app process itself and resolves once it exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `server/src/main.ts` as a single node process (no wrapper), so that SIGKILL reaches the
 * process that holds the embedded database — what a crash test needs.
 */
export async function startAppProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<AppProcess> {
  const child = spawn(
    process.execPath,
    ['--import', TSX_LOADER, path.join(REPO_ROOT, 'server/src/main.ts')],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /listening on ([\d.]+):(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://${match[1]}:${match[2]}`);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

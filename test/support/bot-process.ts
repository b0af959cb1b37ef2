import { type ChildProcess, spawn } from 'node:child_process';

export type BotProcess = { url: string; child: ChildProcess; stderr: () => string; exited: Promise<number | null> };

/**
 * The real bot (`bot/main.ts`) as its own process on a free port, for tests that kill it. `entry`: a compiled
 * main.js (`npm run build`) to run with plain node instead.
 */
export async function startBotProcess(env: Record<string, string>, options: { entry?: string } = {}): Promise<BotProcess> {
  const args = options.entry ? [options.entry] : ['--import', 'tsx', 'bot/main.ts'];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', CONTENT_WATCH: 'false', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start in 30 s:\n${output}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"message":"listening","url":"http:\/\/localhost:(\d+)"/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(`http://127.0.0.1:${match[1]}`);
    });
    void exited.then((code) => reject(new Error(`the bot exited with ${code}:\n${output}`)));
  });
  return { url, child, stderr: () => output, exited };
}

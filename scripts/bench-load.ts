// The benchmark's HTTP part: its servers (scripts/bench-server.ts, each in a process of its own) and the load on them.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { questionOf, TURNS_PER_CONVERSATION } from './bench-questions.js';

export const CONNECTIONS = 16;

export type Server = { name: string; url: string; pid: number; stop: () => Promise<void> };
const running = new Set<ChildProcess>();

/** Starts scripts/bench-server.ts in its own process and resolves once it listens. */
export async function startServer(name: string, kind: 'bot' | 'echo', env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-server.ts', kind], { stdio: ['ignore', 'pipe', 'inherit'], env });
  running.add(child);
  const exited = once(child, 'exit');
  const first = await Promise.race([once(child.stdout, 'data'), exited.then(() => undefined)]);
  if (!first) throw new Error(`The benchmark's server "${name}" exited before it listened (its error is above).`);
  const port = (first[0] as Buffer).toString().trim();
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill();
        await exited;
      }
      running.delete(child);
    },
  };
}

/** For a benchmark that is cut short (Ctrl-C, an error): its servers go with it. */
export function killServers(): void {
  for (const child of running) child.kill('SIGKILL');
}

export type Load = { rps: number; p50: number; p99: number; turns: number };

// Every conversation of the run has its own number, so no two loads (nor two servers on one database) share one.
let conversations = 0;
const runId = Date.now().toString(36);

/**
 * The turns of one conversation, one request each: autocannon sends them in order on one connection (its context
 * lives until the list starts over), so a conversation's turns come one after another, as a merchant's do.
 */
function conversationRequests(questions: string[]) {
  return Array.from({ length: TURNS_PER_CONVERSATION }, (_, turn) => ({
    method: 'POST' as const,
    path: '/api/messages',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request: Record<string, unknown>, context: Record<string, unknown>) => {
      if (turn === 0) context.conversation = conversations++;
      const conversation = context.conversation as number;
      return {
        ...request,
        body: JSON.stringify({
          type: 'message',
          text: questionOf(questions, conversation, turn),
          deliveryMode: 'expectReplies',
          channelId: 'bench',
          serviceUrl: '',
          conversation: { id: `load-${runId}-${conversation}` },
          from: { id: 'merchant' },
          recipient: { id: 'bot' },
        }),
      };
    },
  }));
}

async function loadOne(url: string, seconds: number, connections: number, questions: string[]): Promise<Load> {
  const result = await autocannon({ url, connections, duration: seconds, requests: conversationRequests(questions) });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, turns: result['2xx'] };
}

/**
 * `seconds` of turns over CONNECTIONS connections, split evenly between `urls` (each instance its own share, all at
 * once). With several, turns/s and turns add up; p50 and p99 are the worst instance's.
 */
export async function load(urls: string[], seconds: number, questions: string[]): Promise<Load> {
  const each = await Promise.all(urls.map((url) => loadOne(url, seconds, CONNECTIONS / urls.length, questions)));
  return {
    rps: each.reduce((sum, l) => sum + l.rps, 0),
    turns: each.reduce((sum, l) => sum + l.turns, 0),
    p50: Math.max(...each.map((l) => l.p50)),
    p99: Math.max(...each.map((l) => l.p99)),
  };
}

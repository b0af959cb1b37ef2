// The benchmark's HTTP part: turns per second on /api/messages and CPU time per turn, each target in alternating rounds.
import { rounds as eachRound, median } from './bench-format.js';
import { CONNECTIONS, type Load, load, type Server } from './bench-load.js';
import type { BenchPostgres } from './bench-postgres.js';
import { treeCpuMs } from './proc-cpu.js';

export type HttpSizes = { rounds: number; seconds: number; warmupSeconds: number };
/**
 * What takes the load, round by round: round r loads `servers[r % servers.length]`, one server or several (the
 * connections split evenly between them). `postgres`: whose CPU to count too.
 */
export type Target = { name: string; servers: Server[][]; postgres?: BenchPostgres };
/** A round's load, with CPU milliseconds per turn served: the target's server processes, and PostgreSQL's apart. */
export type Sample = Load & { cpu: number; postgresCpu?: number };

async function sample(target: Target, round: number, seconds: number, questions: string[]): Promise<Sample> {
  const servers = target.servers[round % target.servers.length] as Server[];
  const pids = servers.map((s) => s.pid);
  const [cpu, postgresCpu] = [treeCpuMs(pids), target.postgres?.cpuMs()];
  const served = await load(
    servers.map((s) => s.url),
    seconds,
    questions,
  );
  const turns = Math.max(1, served.turns);
  const perTurn = (before: number | undefined, now: () => number) => (before === undefined ? undefined : (now() - before) / turns);
  return { ...served, cpu: (treeCpuMs(pids) - cpu) / turns, postgresCpu: perTurn(postgresCpu, () => target.postgres?.cpuMs() ?? 0) };
}

/**
 * Each target's servers warmed up (the JIT has compiled the hot paths, the bot has remembered its readings, SQLite has
 * its pages cached, PostgreSQL its buffers, as on a server that has been up a while), then `rounds` rounds in which each has `seconds` of load; each round starts
 * with a different target, so a slow patch of the machine does not always hit the same one.
 */
export async function measureHttp(targets: Target[], sizes: HttpSizes, questions: string[]): Promise<Map<string, Sample[]>> {
  for (const target of targets) for (let i = 0; i < target.servers.length; i++) await sample(target, i, sizes.warmupSeconds, questions);
  const results = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < sizes.rounds; round++) {
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(round + i) % targets.length] as Target;
      results.get(target.name)?.push(await sample(target, round, sizes.seconds, questions));
    }
  }
  return results;
}

/** Per round, pick(a) over pick(b); the median of those, and each round's. */
export function ratio(a: Sample[], b: Sample[], pick: (s: Sample) => number = (s) => s.rps) {
  const each = a.map((s, i) => pick(s) / pick(b[i] as Sample));
  return { median: median(each), each };
}

/** One line per target (turns/s, latency, ratio to `baseline`), then each of `comparisons`: [label, target, over target]. */
export function printHttp(results: Map<string, Sample[]>, sizes: HttpSizes, baseline: string, comparisons: [string, string, string][]): void {
  console.log(`\nHTTP /api/messages, ${CONNECTIONS} connections, expectReplies, ${sizes.rounds} alternating rounds of ${sizes.seconds} s per server:`);
  const base = results.get(baseline) as Sample[];
  for (const [name, samples] of results) {
    const rps = median(samples.map((l) => l.rps));
    const summary = `${rps.toFixed(0).padStart(6)} turns/s ${eachRound(
      samples.map((l) => l.rps),
      0,
    )}  p50 ${median(samples.map((l) => l.p50))} ms  p99 ${median(samples.map((l) => l.p99))} ms`;
    const r = ratio(samples, base);
    console.log(`  ${name.padEnd(32)} ${summary}${name === baseline ? '' : `  ratio ${r.median.toFixed(2)} ${eachRound(r.each)}`}`);
  }
  for (const [label, a, b] of comparisons) {
    const r = ratio(results.get(a) as Sample[], results.get(b) as Sample[]);
    console.log(`  ${label.padEnd(38)} turns/s ratio ${r.median.toFixed(2)} ${eachRound(r.each)}`);
  }
}

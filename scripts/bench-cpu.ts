// CPU time per turn from the HTTP rounds, and the scale-out proxy: one and two bot processes on one PostgreSQL database.
// On 2 cores, turns per second cannot show what a second instance adds; CPU per turn that stays flat from one instance
// to two says the instances do not cost each other work (locks, live events, reading what the other wrote).
import { rounds as eachRound, median } from './bench-format.js';
import { ratio, type Sample } from './bench-http.js';

/** Every target's CPU per turn (its server processes; PostgreSQL's apart), then `two` over `one`. */
export function printCpuPerTurn(results: Map<string, Sample[]>, [one, two]: [string, string] | []): void {
  console.log('\nCPU time per turn in the rounds above (user + system, /proc/<pid>/stat): the server processes, and the PostgreSQL server apart:');
  for (const [name, samples] of results) {
    const cpu = samples.map((s) => s.cpu);
    const postgres = samples.flatMap((s) => (s.postgresCpu === undefined ? [] : [s.postgresCpu]));
    const pg = postgres.length > 0 ? `  PostgreSQL ${median(postgres).toFixed(2)} ms/turn ${eachRound(postgres)}` : '';
    console.log(`  ${name.padEnd(32)} ${median(cpu).toFixed(2).padStart(5)} ms/turn ${eachRound(cpu)}${pg}`);
  }
  if (!one || !two) return;
  const [a, b] = [results.get(two) as Sample[], results.get(one) as Sample[]];
  const bot = ratio(a, b, (s) => s.cpu);
  const postgres = ratio(a, b, (s) => s.postgresCpu ?? 0);
  console.log(
    `  ${'2 instances / 1 instance'.padEnd(32)} bot processes ×${bot.median.toFixed(2)} ${eachRound(bot.each)}  PostgreSQL ×${postgres.median.toFixed(2)} ${eachRound(postgres.each)}`,
  );
}

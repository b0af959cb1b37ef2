import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const MS_PER_TICK = 10;

type Stat = { pid: number; ppid: number; pgid: number; ticks: number; childTicks: number };

/** Every live process's /proc/<pid>/stat, the fields the CPU helpers need (utime + stime; cutime + cstime of waited-for children). */
function processStats(): Stat[] {
  const stats: Stat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // After the command in parentheses: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime, cutime, cstime
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.push({
        pid: Number(name),
        ppid: Number(fields[1]),
        pgid: Number(fields[2]),
        ticks: Number(fields[11]) + Number(fields[12]),
        childTicks: Number(fields[13]) + Number(fields[14]),
      });
    } catch {
      // gone meanwhile
    }
  }
  return stats;
}

/** user + system CPU milliseconds of the live processes in this process group (tsx runs the bot in a child of its own) */
export function groupCpuMs(pgid: number): number {
  return (
    processStats()
      .filter((s) => s.pgid === pgid)
      .reduce((sum, s) => sum + s.ticks, 0) * MS_PER_TICK
  );
}

/**
 * user + system CPU milliseconds of `pids` and all their descendants, including children that have exited and been
 * waited for (a PostgreSQL backend that ended counts in its postmaster's children's time). Compare two readings
 * taken while the same processes run.
 */
export function treeCpuMs(pids: number[]): number {
  const stats = processStats();
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const roots = stats.filter((s) => pids.includes(s.pid));
  let ticks = 0;
  const visit = (s: Stat) => {
    ticks += s.ticks + s.childTicks;
    for (const child of children.get(s.pid) ?? []) visit(child);
  };
  for (const root of roots) visit(root);
  return ticks * MS_PER_TICK;
}

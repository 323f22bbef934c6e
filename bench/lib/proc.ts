import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** A process as /proc shows it. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly cmdline: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    // The command name in `stat` is in parentheses and may contain spaces: parse after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ppid: Number(fields[1]), cmdline };
  } catch {
    return undefined; // Exited while we looked, or not ours to read.
  }
}

/** Every live process (Linux /proc; empty elsewhere, where the check is simply skipped). */
function allProcesses(): ProcessInfo[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  return names.filter((name) => /^\d+$/.test(name)).flatMap((name) => readProcess(Number(name)) ?? []);
}

/**
 * Live descendants of `rootPid` (children, grandchildren…). Used to find the DynamoDB Local Java
 * process under OUR stack child only: other engineers' tests may run their own Java processes on
 * this machine, and those are none of the bench's business.
 */
export function descendantsOf(rootPid: number): ProcessInfo[] {
  const processes = allProcesses();
  const byParent = new Map<number, ProcessInfo[]>();
  for (const info of processes) byParent.set(info.ppid, [...(byParent.get(info.ppid) ?? []), info]);
  const found: ProcessInfo[] = [];
  const queue = [rootPid];
  // Bounded: each pid is visited once, and /proc lists finitely many.
  const seen = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.shift();
    if (pid === undefined || seen.has(pid)) continue;
    seen.add(pid);
    for (const child of byParent.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** True when `pid` is still alive AND still the same program (pids get reused). */
export function isStillRunning(info: ProcessInfo): boolean {
  return readProcess(info.pid)?.cmdline === info.cmdline;
}

export const isDynamoDbLocal = (info: ProcessInfo): boolean => info.cmdline.includes('DynamoDBLocal');

/**
 * Processes the bench started indirectly (the Java child of the stack child). Recorded while the
 * tree is intact, because once their parent dies an orphan is re-parented and no longer shows
 * up under us.
 */
const tracked: ProcessInfo[] = [];

export function trackProcess(info: ProcessInfo): void {
  tracked.push(info);
}

/** Tracked DynamoDB Local processes still alive, plus any still under this process. */
export function leftoverDynamoDbLocal(): ProcessInfo[] {
  const alive = tracked.filter((info) => isDynamoDbLocal(info) && isStillRunning(info));
  const underUs = descendantsOf(process.pid).filter(isDynamoDbLocal);
  const byPid = new Map([...alive, ...underUs].map((info) => [info.pid, info]));
  return [...byPid.values()];
}

let clockTicksPerSecond: number | undefined;

/** USER_HZ, the unit of CPU times in /proc/<pid>/stat (100 on practically every Linux). */
function ticksPerSecond(): number {
  if (clockTicksPerSecond === undefined) {
    try {
      clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  return clockTicksPerSecond;
}

/**
 * CPU time (user + system, ms) a process has used so far, or NaN when unreadable. Sampled before
 * and after a load phase to show where the CPU of a request goes (server, DynamoDB Local, bench).
 */
export function cpuTimeMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 0, utime field 11, stime field 12.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / ticksPerSecond();
  } catch {
    return Number.NaN;
  }
}

import fs from 'node:fs';

/** CPU time in clock ticks: the whole machine's, and this process tree's (Linux /proc). */
export interface CpuSnapshot {
  machineBusy: number;
  /** Time the virtual CPUs wanted to run but the hypervisor ran something else. */
  stolen: number;
  machineTotal: number;
  ownTree: number;
}

export function cpuSnapshot(): CpuSnapshot {
  // The first line: "cpu user nice system idle iowait irq softirq steal ...".
  const ticks = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.slice(1, 9).map(Number);
  const machineBusy = user! + nice! + system! + irq! + softirq!;
  return {
    machineBusy,
    stolen: steal!,
    machineTotal: machineBusy + steal! + idle! + iowait!,
    ownTree: treeTicks(process.pid),
  };
}

/**
 * The share of the machine's CPU that other processes took between two snapshots: the
 * machine is shared, and this says how much the figures were disturbed.
 */
export function othersShare(
  start: CpuSnapshot,
  end: CpuSnapshot,
): { otherProcesses: number; stolen: number } {
  const total = end.machineTotal - start.machineTotal;
  const busy = end.machineBusy - start.machineBusy;
  const own = end.ownTree - start.ownTree;
  return {
    otherProcesses: Math.max(0, busy - own) / total,
    stolen: (end.stolen - start.stolen) / total,
  };
}

/** A process's CPU time, its reaped children's, and that of its live descendants. */
function treeTicks(pid: number): number {
  const stat = readOr(`/proc/${pid}/stat`);
  if (!stat) return 0;
  // After the command name in parentheses: utime, stime, cutime, cstime are fields 14 to 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0);
  return own + childrenOf(pid).reduce((sum, child) => sum + treeTicks(child), 0);
}

function childrenOf(pid: number): number[] {
  const tasks = fs.readdirSync(`/proc/${pid}/task`, { withFileTypes: true });
  return tasks.flatMap((task) =>
    readOr(`/proc/${pid}/task/${task.name}/children`).split(' ').filter(Boolean).map(Number),
  );
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

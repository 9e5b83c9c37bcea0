import fs from 'node:fs';

const SAMPLE_EVERY_MS = 200;

/** Resident memory of a process in MiB, from /proc/<pid>/status (Linux). */
export function residentMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kiB = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kiB) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kiB) / 1024;
}

/** Samples a process's RSS while `work` runs and returns the peak. */
export async function peakResidentMiB<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; peakMiB: number }> {
  let peakMiB = residentMiB(pid);
  const timer = setInterval(() => (peakMiB = Math.max(peakMiB, residentMiB(pid))), SAMPLE_EVERY_MS);
  try {
    const result = await work();
    return { result, peakMiB: Math.max(peakMiB, residentMiB(pid)) };
  } finally {
    clearInterval(timer);
  }
}

import fs from 'node:fs';

const SAMPLE_EVERY_MS = 200;

/** Resident memory of a process in MiB, from /proc/<pid>/status (Linux); 0 once it is gone. */
export function residentMiB(pid: number): number {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 0; // it exited (or was stopped by Ctrl-C) while being sampled
  }
  const kiB = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return kiB ? Number(kiB) / 1024 : 0;
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

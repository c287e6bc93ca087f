import { readFileSync } from 'node:fs';

// Linux /proc readers; each returns undefined where /proc is missing so the table says n/a.

/** Resident set size of a process in MiB. */
export function readRssMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** CPU time (user + system) a process has used so far, in ms, at 10 ms resolution. */
export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS on an interval and keeps the peak. */
export class RssSampler {
  private timer?: NodeJS.Timeout;
  peakMiB: number | undefined;
  /** Peak since the last lap() call, so each scenario's own high-water mark can be shown. */
  private lapPeakMiB: number | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): number | undefined {
    clearInterval(this.timer);
    this.sample();
    return this.peakMiB;
  }

  /** Returns the peak since the previous lap and starts a new one. */
  lap(): number | undefined {
    this.sample();
    const peak = this.lapPeakMiB;
    this.lapPeakMiB = undefined;
    return peak;
  }

  private sample(): void {
    const rss = readRssMiB(this.pid);
    if (rss === undefined) return;
    this.peakMiB = Math.max(this.peakMiB ?? 0, rss);
    this.lapPeakMiB = Math.max(this.lapPeakMiB ?? 0, rss);
  }
}

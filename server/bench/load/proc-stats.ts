import * as fs from 'node:fs';

const CLOCK_TICKS_PER_S = 100; // _SC_CLK_TCK on Linux

/** CPU time (ms) a process has used so far, from /proc/<pid>/stat. */
export function cpuTimeMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_S;
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

/** CPU % of one core used by a process between two samples. */
export class CpuMeter {
  private startCpu: number;
  private startWall: number;

  constructor(private readonly pid: number) {
    this.startCpu = cpuTimeMs(pid);
    this.startWall = performance.now();
  }

  percent(): number {
    return (100 * (cpuTimeMs(this.pid) - this.startCpu)) / (performance.now() - this.startWall);
  }
}

/** CPU % of one core used by this process since construction. */
export class SelfCpuMeter {
  private start = process.cpuUsage();
  private startWall = performance.now();

  percent(): number {
    const u = process.cpuUsage(this.start);
    return ((u.user + u.system) / 1000 / (performance.now() - this.startWall)) * 100;
  }
}

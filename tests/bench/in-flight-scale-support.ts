import fs from "node:fs";
import { SANDBOX_STATE, type SandboxProcess, type SandboxProvider } from "../reliability/harness";

// The measuring parts of tests/bench/in-flight-scale.mts: memory sampled from /proc, latency
// percentiles, the peak of tasks in flight, and each task's end as the provider's sandbox has it.

/** Clock ticks a second in /proc/<pid>/stat (USER_HZ: 100 on Linux, whatever the kernel's HZ). */
const USER_HZ = 100;

/**
 * Samples a process from outside it once a second: its resident set (VmRSS in /proc/<pid>/status)
 * and the CPU time it has used (utime + stime in /proc/<pid>/stat).
 */
export function sampleProcess(pid: number) {
  let maxKb = 0;
  let lastKb = 0;
  const cpuSeconds = () => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  };
  const cpuAtStart = cpuSeconds();
  let cpuLast = cpuAtStart;
  const read = () => {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    if (match) {
      lastKb = Number(match[1]);
      maxKb = Math.max(maxKb, lastKb);
    }
    cpuLast = cpuSeconds();
  };
  read();
  const timer = setInterval(() => {
    try {
      read();
    } catch {
      // The process has exited; the samples so far stand.
    }
  }, 1000);
  return {
    stop: () => {
      clearInterval(timer);
      try {
        read();
      } catch {
        // As above.
      }
      return { maxKb, lastKb, cpuSeconds: Math.round((cpuLast - cpuAtStart) * 10) / 10 };
    },
  };
}

export function latencySummary(latencies: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN) * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

type Row = { id: string; provider: string; state: string; providerTaskId: string | null; createdAt: Date; finishedAt: Date | null };

/** The most tasks that were between their creation and their end at one moment. */
export function peakOverlap(rows: Row[]): number {
  const changes = rows.flatMap((row) => [
    { at: row.createdAt.getTime(), delta: 1 },
    { at: row.finishedAt?.getTime() ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  changes.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const change of changes) {
    current += change.delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

// Each sandbox's status words for an end, as Cutroom's states (AIVideoMaker's from the harness).
const SKILLS_VIDEO_STATE: Record<string, string> = {
  COMPLETED: "succeeded",
  succeeded: "succeeded",
  FAILED: "failed",
  failed: "failed",
  CANCELED: "canceled",
  canceled: "canceled",
};
const APIDOT_STATE: Record<string, string> = { finished: "succeeded", failed: "failed" };

/** The provider's own word on one task, read from its sandbox after the run (not counted in the run's calls). */
async function providerEnd(sandbox: SandboxProcess, providerTaskId: string): Promise<string> {
  if (sandbox.provider === "skills-video") {
    const body = (await (await sandbox.get(`/api/v1/generation/${encodeURIComponent(providerTaskId)}`)).json()) as { status?: string };
    return SKILLS_VIDEO_STATE[body.status ?? ""] ?? `unfinished (${body.status})`;
  }
  const body = (await (await sandbox.get(`/api/generate/status/${encodeURIComponent(providerTaskId)}`)).json()) as {
    data?: { status?: string };
  };
  return APIDOT_STATE[body.data?.status ?? ""] ?? `unfinished (${body.data?.status})`;
}

export async function readTrueEnd(
  sandboxes: Record<SandboxProvider, SandboxProcess>,
  rows: Row[],
): Promise<{
  outcomes: Record<string, Record<string, number>>;
  mismatches: { id: string; provider: string; ours: string; theirs: string }[];
}> {
  const ledger = new Map((await sandboxes.aivideomaker.ledger()).map((task) => [task.id, SANDBOX_STATE[task.status] ?? task.status]));
  const outcomes: Record<string, Record<string, number>> = {};
  const mismatches: { id: string; provider: string; ours: string; theirs: string }[] = [];
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const counts = (outcomes[row.provider] ??= {});
      counts[row.state] = (counts[row.state] ?? 0) + 1;
      const sandbox = sandboxes[row.provider as SandboxProvider];
      const theirs = !row.providerTaskId
        ? "never accepted"
        : sandbox.provider === "aivideomaker"
          ? (ledger.get(row.providerTaskId) ?? "unknown to the provider")
          : await providerEnd(sandbox, row.providerTaskId);
      if (theirs !== row.state) mismatches.push({ id: row.id, provider: row.provider, ours: row.state, theirs });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { outcomes, mismatches };
}

// Preloaded into a server under measurement (`node --import <this file> .../next start`), so the
// product needs no metrics code: with EVENT_LOOP_PROBE_FILE set, it appends one JSON line a second
// with the process's memory and its event-loop delay from perf_hooks.monitorEventLoopDelay, both for
// the last second and for the run so far. SIGUSR2 starts the run afresh (the bench sends it when
// its load begins, so start-up is left out). Delays are in milliseconds past the 10 ms timer the
// monitor waits on (its samples include that wait), so 0 means the loop was free.
import { appendFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.EVENT_LOOP_PROBE_FILE;
const RESOLUTION_MS = 10;

const summary = (histogram) => {
  const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 10) / 10);
  return histogram.count === 0
    ? { samples: 0 }
    : {
        samples: histogram.count,
        p50: ms(histogram.percentile(50)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
      };
};

if (file) {
  const second = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const run = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  second.enable();
  run.enable();
  let runSince = Date.now();
  process.on("SIGUSR2", () => {
    run.reset();
    runSince = Date.now();
  });
  setInterval(() => {
    const memory = process.memoryUsage();
    const line = {
      at: Date.now(),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      externalBytes: memory.external,
      delayMs: summary(second),
      run: { since: runSince, delayMs: summary(run) },
    };
    second.reset();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 1000).unref();
}

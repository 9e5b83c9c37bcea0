// Preloaded into the API process by the bench (`node --import ./bench/lagProbe.js dist/main.js`).
// Event-loop lag can only be measured from inside the process, and the API has no metrics
// endpoint of its own; the bench asks for it over the IPC channel it opens to the child:
//   'lag:start'  resets the histogram and starts sampling,
//   'lag:stop'   stops sampling and answers { type: 'lag', ... } in milliseconds.
// Sampling only runs between the two, so the probe costs nothing during the other scenarios.
// It also stops the API when the bench goes away (the channel closes), even on `kill -9`.
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The sampling timer's period; like prom-client's default, and subtracted from each figure. */
const RESOLUTION_MS = 10;
const NS_PER_MS = 1e6;

if (process.send) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  /** Each sample is the time between two timer ticks: the period plus the lag. */
  const lagMs = (/** @type {number} */ nanoseconds) =>
    Math.max(0, nanoseconds / NS_PER_MS - RESOLUTION_MS);

  process.on('message', (message) => {
    if (message === 'lag:start') {
      histogram.reset();
      histogram.enable();
    } else if (message === 'lag:stop') {
      histogram.disable();
      process.send?.({
        type: 'lag',
        samples: histogram.count,
        p50Ms: lagMs(histogram.percentile(50)),
        p99Ms: lagMs(histogram.percentile(99)),
        maxMs: lagMs(histogram.max),
      });
    }
  });
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

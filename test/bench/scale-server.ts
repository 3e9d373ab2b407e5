/**
 * The loopback bench endpoint in its own process (bench/scale.ts starts it):
 *   node --import tsx bench/scale-server.ts <buckets> <latency ms> [<calls per second>]
 * Prints {"endpoint": …} once listening; on SIGTERM prints its counters and exits.
 */
import { startLoopback } from '../src/loopback/server.js';

const [buckets, latencyMs, rate] = process.argv.slice(2).map(Number);
const server = await startLoopback({ buckets: buckets!, latencyMs: latencyMs ?? 0, ...(rate ? { ratePerSecond: rate } : {}) });
process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint })}\n`);
process.on('SIGTERM', () => {
  void server.close().finally(() => {
    process.stdout.write(`${JSON.stringify({ counters: server.counters, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 })}\n`);
    process.exit(0);
  });
});

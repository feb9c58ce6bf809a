/**
 * Task time per thread from a Chromium trace of the `toplevel` category: CDP's `Performance.getMetrics` answers for
 * a page's main thread only (a worker target has no Performance domain), so a worker's time comes from the trace
 * events that `TaskDuration` is the sum of on the main thread: each top-level task the thread ran.
 */

/** The trace categories `threadTaskTimes` needs (thread names come with the trace's metadata). */
export const TASK_TRACE_CATEGORIES = ['toplevel'];

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export interface ThreadTaskTime {
  /** Chromium's thread name, e.g. `CrRendererMain`, `DedicatedWorker thread`. */
  thread: string;
  pid: number;
  tasks: number;
  /** Wall time of the thread's tasks. */
  taskMs: number;
  /** CPU time of the same tasks. */
  cpuMs: number;
}

/**
 * Each thread's top-level tasks that started in [fromS, toS] (seconds on the trace clock, which is also the clock
 * of `Performance.getMetrics`' `Timestamp`). A task nested in another (a nested run loop) counts once, in its parent.
 */
export function threadTaskTimes(trace: Buffer | string, fromS: number, toS: number): ThreadTaskTime[] {
  const { traceEvents } = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] };
  const names = new Map<string, string>();
  for (const event of traceEvents) {
    if (event.ph === 'M' && event.name === 'thread_name') names.set(`${event.pid}:${event.tid}`, event.args?.name ?? '');
  }
  const tasks = traceEvents
    .filter((event) => event.ph === 'X' && event.ts >= fromS * 1e6 && event.ts <= toS * 1e6)
    .sort((a, b) => a.ts - b.ts);
  const byThread = new Map<string, ThreadTaskTime & { endUs: number }>();
  for (const event of tasks) {
    const key = `${event.pid}:${event.tid}`;
    let thread = byThread.get(key);
    if (!thread) {
      thread = { thread: names.get(key) ?? String(event.tid), pid: event.pid, tasks: 0, taskMs: 0, cpuMs: 0, endUs: -Infinity };
      byThread.set(key, thread);
    }
    if (event.ts < thread.endUs) continue;
    thread.endUs = event.ts + (event.dur ?? 0);
    thread.tasks++;
    thread.taskMs += (event.dur ?? 0) / 1000;
    thread.cpuMs += (event.tdur ?? 0) / 1000;
  }
  return [...byThread.values()].map(({ endUs: _endUs, ...thread }) => thread);
}

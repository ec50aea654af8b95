import type { TaskStatus } from '@jpsp/contracts';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics. Gauges that mirror live state are read through callbacks at scrape time. */
export class Metrics {
  readonly registry = new Registry();
  private readonly tasks: Counter<'task' | 'status'>;
  private readonly runSeconds: Histogram<'task' | 'status'>;

  constructor(sources: { queueDepth: () => number; running: () => number; sockets: () => number; tempBytes: () => number; nodes?: () => { id: string; running: number }[] }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'jpsp_process_' });
    this.tasks = new Counter({ name: 'jpsp_tasks_total', help: 'Tasks that reached a status, by task and status', labelNames: ['task', 'status'], registers: [this.registry] });
    this.runSeconds = new Histogram({
      name: 'jpsp_task_run_seconds',
      help: 'Run time of finished tasks (started to finished)',
      labelNames: ['task', 'status'],
      buckets: [0.001, 0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800],
      registers: [this.registry],
    });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
    gauge('jpsp_queue_depth', 'Tasks waiting in the queue', sources.queueDepth);
    gauge('jpsp_tasks_running', 'Tasks running in workers', sources.running);
    gauge('jpsp_open_sockets', 'Connected Socket.IO clients', sources.sockets);
    gauge('jpsp_temp_bytes', 'Bytes of results held in the temporary area', sources.tempBytes);
    const nodes = sources.nodes;
    if (nodes) {
      // Cluster mode: jpsp_queue_depth is the cluster's; this is every live node's running count.
      new Gauge({
        name: 'jpsp_cluster_node_running',
        help: 'Tasks running on each live node of the cluster (from their heartbeats)',
        labelNames: ['node'],
        registers: [this.registry],
        collect() {
          this.reset();
          for (const n of nodes()) {
            this.labels(n.id).set(n.running);
          }
        },
      });
    }
  }

  status(task: string, status: TaskStatus): void {
    this.child(this.tasksByLabels, this.tasks, task, status).inc();
  }

  finished(task: string, status: TaskStatus, seconds: number): void {
    this.child(this.runSecondsByLabels, this.runSeconds, task, status).observe(seconds);
  }

  // Labelled children, cached: prom-client hashes the label object on every inc/observe otherwise.
  private readonly tasksByLabels = new Map<string, { inc(): void }>();
  private readonly runSecondsByLabels = new Map<string, { observe(v: number): void }>();

  private child<C>(cache: Map<string, C>, metric: { labels(task: string, status: string): C }, task: string, status: string): C {
    const key = `${task}\u0000${status}`;
    let child = cache.get(key);
    if (child === undefined) {
      child = metric.labels(task, status);
      cache.set(key, child);
    }
    return child;
  }
}

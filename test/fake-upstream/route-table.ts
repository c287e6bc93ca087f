import { matchesPath } from './path-pattern.js';
import type { RouteHandler, ScriptStep } from './script-step.types.js';

interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly queue: ScriptStep[];
  handler?: RouteHandler;
}

/** Per-route FIFO scripts plus an optional persistent handler used once the FIFO is empty. */
export class RouteTable {
  private readonly routes = new Map<string, Route>();

  enqueue(method: string, pattern: string, steps: ScriptStep[]): void {
    this.get(method, pattern).queue.push(...steps);
  }

  setHandler(method: string, pattern: string, handler: RouteHandler): void {
    this.get(method, pattern).handler = handler;
  }

  /** Queued steps beat handlers; within each kind exact paths beat wildcards, then insertion order. */
  lookup(method: string, path: string): RouteHandler | undefined {
    const candidates = [...this.routes.values()]
      .filter((route) => route.method === method && matchesPath(route.pattern, path))
      .sort((a, b) => Number(a.pattern.includes('*')) - Number(b.pattern.includes('*')));
    const queued = candidates.find((route) => route.queue.length > 0)?.queue.shift();
    if (queued !== undefined) return () => queued;
    return candidates.find((route) => route.handler !== undefined)?.handler;
  }

  /** `METHOD path ×n` for every route with steps left, so a test can assert all were consumed. */
  unconsumed(): string[] {
    return [...this.routes.values()]
      .filter((route) => route.queue.length > 0)
      .map((route) => `${route.method} ${route.pattern} ×${route.queue.length}`);
  }

  clear(): void {
    this.routes.clear();
  }

  private get(method: string, pattern: string): Route {
    const key = `${method.toUpperCase()} ${pattern}`;
    let route = this.routes.get(key);
    if (route === undefined) {
      route = { method: method.toUpperCase(), pattern, queue: [] };
      this.routes.set(key, route);
    }
    return route;
  }
}

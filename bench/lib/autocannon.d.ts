// The part of autocannon 8's API the benchmark uses (the package ships no types; @types/autocannon is not a
// dependency).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    connections?: number;
    duration?: number;
    timeout?: number;
  }

  interface Result {
    non2xx: number;
    errors: number;
    timeouts: number;
    latency: { p50: number; p99: number; mean: number };
    requests: { average: number; total: number };
  }

  type Instance = EventEmitter & PromiseLike<Result>;

  function autocannon(options: Options): Instance;
  export default autocannon;
}

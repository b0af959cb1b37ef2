declare module 'autocannon' {
  type Request = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** `context`: the connection's own, kept until autocannon starts over at the first request of the list */
    setupRequest?: (request: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown>;
  };
  type Options = { url: string; connections?: number; duration?: number; requests?: Request[] };
  type Result = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; '2xx': number; errors: number };
  export default function autocannon(options: Options): Promise<Result>;
}

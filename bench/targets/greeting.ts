import * as z from 'zod';

/**
 * The trivial procedure every target serves alike: an API key checked by middleware, the input
 * and output validated by zod, a Date in the answer (superjson where the stack speaks it).
 */
export const GreetInput = z.object({ name: z.string().min(1).max(50) });
export const Greeting = z.object({ message: z.string(), at: z.date() });
export const benchApiKey = 'bench-key-0123456789';

export function greet(name: string) {
  return { message: `Hello, ${name}!`, at: new Date() };
}

/** What a target tells the runner once it listens: where, and the request to send it. */
export interface TargetReady {
  url: string;
  /** The serving process, when it is not the target's own (its memory is what gets sampled). */
  pid?: number;
  request: { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };
}

export function announce(ready: TargetReady): void {
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

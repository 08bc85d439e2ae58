import { Agent, type ClientRequest, request } from 'node:http';

/** What happened to each request a load sent, by the task title it carried. */
export interface LoadOutcome {
  /** A complete response arrived: its status. */
  answered: Map<string, number>;
  /** The connection was refused: the server never saw the request. */
  refused: string[];
  /** Anything else: the request was sent (or being sent) and no complete response came. */
  dropped: { title: string; error: string; atMs: number; reusedConnection: boolean }[];
}

export interface TaskLoad {
  /** Requests answered so far. */
  answeredCount(): number;
  /** Connections that have had at least one answer: reused from then on. */
  warmConnections(): number;
  /** Resolves once every connection has been refused (the server is gone), or `stop()` was called. */
  finished: Promise<LoadOutcome>;
  stop(): Promise<LoadOutcome>;
}

/** The task a title stands for: every field derived from it, so a row that is not whole shows. */
export const taskFor = (title: string) => ({
  title,
  description: `description of ${title}`,
  labels: [`label-${title.slice(-8)}`],
});

/**
 * Creates tasks with unique titles over `connections` keep-alive connections, each sending its next
 * request as soon as the last is answered, as a load generator does; stops each connection when
 * the server refuses it.
 */
export function taskLoad(options: {
  url: string;
  accessToken: string;
  projectId: string;
  connections: number;
  prefix: string;
  /** Send each create with its title as its Idempotency-Key, so it can be retried safely. */
  idempotencyKeys?: boolean;
}): TaskLoad {
  const { url, accessToken, projectId, connections, prefix } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const outcome: LoadOutcome = { answered: new Map(), refused: [], dropped: [] };
  let sent = 0;
  const startedAt = Date.now();
  const warm = new Set<number>();
  const drop = (title: string, error: string, call: ClientRequest) =>
    outcome.dropped.push({ title, error, atMs: Date.now() - startedAt, reusedConnection: call.reusedSocket });
  let stopped = false;

  const send = (title: string, index: number) =>
    new Promise<'go on' | 'refused'>((resolve) => {
      const body = JSON.stringify(taskFor(title));
      const call = request(
        `${url}/api/v1/projects/${projectId}/tasks`,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${accessToken}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(options.idempotencyKeys ? { 'idempotency-key': title } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => {
            if (res.complete) {
              outcome.answered.set(title, res.statusCode ?? 0);
              warm.add(index);
            } else drop(title, `incomplete ${res.statusCode} response: ${text}`, call);
            resolve('go on');
          });
          res.on('error', (error) => {
            drop(title, `response: ${error.message}`, call);
            resolve('go on');
          });
        },
      );
      call.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') {
          outcome.refused.push(title);
          resolve('refused');
        } else {
          drop(title, `${error.code ?? ''} ${error.message}`, call);
          resolve('go on');
        }
      });
      call.end(body);
    });

  const connection = async (index: number) => {
    while (!stopped) {
      if ((await send(`${prefix}-${index}-${sent++}`, index)) === 'refused') return;
    }
  };
  const finished = Promise.all(Array.from({ length: connections }, (_, i) => connection(i))).then(() => {
    agent.destroy();
    return outcome;
  });
  return {
    answeredCount: () => outcome.answered.size,
    warmConnections: () => warm.size,
    finished,
    stop: () => {
      stopped = true;
      return finished;
    },
  };
}

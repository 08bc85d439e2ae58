// Baseline for the database read: tRPC v11 on Express, the same API-key check, a page of 20 rows
// read from PostgreSQL with node-postgres and validated by zod, answered with superjson.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { initTRPC, TRPCError } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import pg from 'pg';
import superjson from 'superjson';
import * as z from 'zod';
import { announce, benchApiKey } from './greeting.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is needed: the runner starts a PostgreSQL for this target');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const projectId = randomUUID();
await pool.query(`create table if not exists bench_tasks (
  id uuid primary key, project_id uuid not null, title text not null, status text not null,
  due_date timestamptz, labels text[] not null, created_at timestamptz not null default now())`);
for (let index = 0; index < 20; index++) {
  await pool.query(
    'insert into bench_tasks (id, project_id, title, status, due_date, labels) values ($1, $2, $3, $4, $5, $6)',
    [randomUUID(), projectId, `Task ${index}`, 'todo', new Date(Date.UTC(2030, 0, 1 + index)), ['bench']],
  );
}

const Task = z.object({
  id: z.uuid(),
  title: z.string(),
  status: z.enum(['todo', 'doing', 'done']),
  dueDate: z.date().nullable(),
  labels: z.array(z.string()),
  createdAt: z.date(),
});

const t = initTRPC.context<{ apiKey: string | undefined }>().create({ transformer: superjson });
const authed = t.procedure.use(({ ctx, next }) => {
  if (ctx.apiKey !== benchApiKey) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next();
});
const router = t.router({
  tasks: authed
    .input(z.object({ projectId: z.uuid(), limit: z.number().int().min(1).max(100) }))
    .output(z.object({ items: z.array(Task) }))
    .query(async ({ input }) => {
      const { rows } = await pool.query(
        `select id, title, status, due_date as "dueDate", labels, created_at as "createdAt"
         from bench_tasks where project_id = $1 order by created_at, id limit $2`,
        [input.projectId, input.limit],
      );
      return { items: rows };
    }),
});

const app = express();
app.use(
  '/trpc',
  createExpressMiddleware({
    router,
    createContext: ({ req }) => ({ apiKey: req.headers['x-api-key'] as string | undefined }),
  }),
);
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const input = encodeURIComponent(JSON.stringify({ json: { projectId, limit: 20 } }));
  announce({
    url: `http://127.0.0.1:${port}`,
    request: { method: 'GET', path: `/trpc/tasks?input=${input}`, headers: { 'x-api-key': benchApiKey } },
  });
});

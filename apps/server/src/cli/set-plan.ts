// `pnpm --filter @charter/server set-plan <email> <plan>`: how an operator gives a user a larger (or
// smaller) rate-limit budget. It opens the database the server would (DATABASE_URL, or PGlite in
// DATA_DIR, which a running server holds: stop it first). With REDIS_URL it tells the running
// servers, which drop what they cached about the user: the user's next call uses the new plan.
// Without Redis, a running server uses it once its cached credential expires (30 s at most).
import { Email, Plan } from '@charter/contract';
import { openDatabase } from '../db/database.ts';
import { InvalidEnvError, parseEnv } from '../env.ts';
import { createLogger } from '../logger.ts';
import { connectRedis } from '../redis.ts';
import { announceRevocation } from '../security/revocations.ts';

const usage = `usage: set-plan <email> <${Plan.options.join('|')}>`;

const [emailArgument, planArgument] = process.argv.slice(2);
const email = Email.safeParse(emailArgument);
const plan = Plan.safeParse(planArgument);
if (!email.success || !plan.success) fail(2, usage);

let env: ReturnType<typeof parseEnv>;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (!(error instanceof InvalidEnvError)) throw error;
  fail(2, error.message);
}

// Warnings go to stderr: stdout is what the command has to say, for a person or a script to read.
const log = createLogger({ level: 'warn', destination: process.stderr });
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, log }).catch(
  (error: unknown) =>
    fail(1, `cannot open the database: ${error instanceof Error ? error.message : String(error)}`),
);
const updated = await database.db
  .updateTable('users')
  .set({ plan: plan.data })
  .where('email', '=', email.data)
  .returning(['id', 'email', 'plan'])
  .executeTakeFirst()
  .finally(() => database.close());
if (!updated) fail(1, `no user has the email ${email.data}`);
console.log(`${updated.email} is now on the ${updated.plan} plan`);
if (env.REDIS_URL) {
  const redis = await connectRedis(env.REDIS_URL, log, 'running servers cannot be told of the new plan');
  const told = await announceRevocation(redis, log, `user:${updated.id}`);
  redis.disconnect();
  console.log(
    told
      ? 'running servers sharing this Redis use it from the next call'
      : 'Redis did not take the message: running servers use it within 30 s',
  );
}

function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

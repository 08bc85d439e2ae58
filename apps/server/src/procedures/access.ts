import type { Role } from '@charter/contract';
import type { ContractError } from '@charter/rpc/server';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/**
 * Someone's role in a project, or undefined when they are not a member (or it does not exist).
 * Inside a transaction the membership is read FOR SHARE: it cannot change until the write that
 * depends on it commits.
 */
export async function roleIn(
  db: Kysely<Database>,
  projectId: string,
  userId: string,
): Promise<Role | undefined> {
  const query = db
    .selectFrom('project_members')
    .select('role')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId);
  const row = await (db.isTransaction ? query.forShare() : query).executeTakeFirst();
  return row?.role;
}

/**
 * The caller's role, provided the caller is a member: to anyone else a project does not exist, so
 * they cannot even learn its id is taken.
 */
export async function requireMember(
  db: Kysely<Database>,
  projectId: string,
  userId: string,
  notFound: () => ContractError,
): Promise<Role> {
  const role = await roleIn(db, projectId, userId);
  if (!role) throw notFound();
  return role;
}

/**
 * Locks the project row for the rest of the transaction, before any membership is read: a write
 * that share-locks memberships and then waits for a row another such write holds would deadlock
 * (two admins changing each other's role at once did, answering 500). Taken first by every write
 * to a project or its members, it makes them run one at a time per project. FOR NO KEY UPDATE:
 * tasks written meanwhile (their foreign key takes FOR KEY SHARE on the project) are not held up.
 */
export async function lockProject(trx: Kysely<Database>, projectId: string): Promise<void> {
  await trx.selectFrom('projects').select('id').where('id', '=', projectId).forNoKeyUpdate().execute();
}

/** Refuses a role below `minimum`, saying which roles would do. */
export function requireRole(
  role: Role,
  minimum: Role,
  forbidden: (options: { message: string }) => ContractError,
): void {
  if (rank[role] >= rank[minimum]) return;
  const enough = (Object.keys(rank) as Role[]).filter((candidate) => rank[candidate] >= rank[minimum]);
  throw forbidden({ message: `Your role in this project is ${role}; this needs ${enough.join(' or ')}.` });
}

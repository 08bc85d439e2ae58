import type { Role } from '@charter/contract';

export const roleNames: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  viewer: 'Viewer',
};

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`badge role-${role}`}>{roleNames[role]}</span>;
}

/** Owners and admins edit the project and its members. */
export const canManage = (role: Role) => role === 'owner' || role === 'admin';
/** Everyone but viewers creates and edits tasks. */
export const canEditTasks = (role: Role) => role !== 'viewer';

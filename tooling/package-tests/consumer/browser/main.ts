// A frontend's entry: the client, the contract's schemas and the toolkit's browser-safe root.
import { createClient } from '@charter/client';
import { CreateTaskInput, limits } from '@charter/contract';
import { parseRateLimitHeaders } from '@charter/rpc';

const client = createClient({ url: location.origin });
const draft = CreateTaskInput.safeParse({ projectId: crypto.randomUUID(), title: '' });
const budgets = parseRateLimitHeaders(new Headers({ RateLimit: '"default";r=598;t=41' }));
document.body.textContent = `${draft.success} ${limits.taskTitleMaxLength} ${budgets.length}`;
client.system.echo.query({ message: 'hello' }).then((echo) => console.log(echo.serverTime));

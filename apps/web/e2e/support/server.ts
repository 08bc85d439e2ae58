// The server's own test support: a real Charter server in-process, serving this app's dist at `/`.

export {
  budgets,
  type SignedUp,
  startTestServer,
  type TestServer,
} from '../../../server/tests/support/test-server.ts';

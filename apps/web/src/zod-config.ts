import * as z from 'zod';

// Zod compiles fast parsers with `new Function` unless told not to; the server's CSP forbids eval
// (script-src 'self'), and even zod's probe for it is reported as a violation. This module is
// imported first so it runs before any contract schema is built.
z.config({ jitless: true });

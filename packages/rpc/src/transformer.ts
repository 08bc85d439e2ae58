import superjson from 'superjson';

/**
 * The wire format of every Charter tRPC call: superjson, so Dates, Maps, Sets and BigInts arrive as
 * themselves. Server and client import it from here so they can never disagree.
 */
export const transformer = superjson;

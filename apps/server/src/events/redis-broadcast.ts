import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface Broadcast<Message> {
  /**
   * Delivers to this process at once, and to every other process on the channel through Redis.
   * Resolves to whether Redis took the message (a failure is logged; it never rejects).
   */
  send(message: Message): Promise<boolean>;
  close(): void;
}

export interface BroadcastOptions<Message> {
  channel: string;
  /** What the messages are, for log lines: "revocation", "task event". */
  what: string;
  encode(message: Message): string;
  /** Throws on a message it cannot read; that message is logged and dropped. */
  decode(text: string): Message;
  /**
   * Called for every message, this process's own included, once each. Without it the process only
   * sends and does not listen (a command-line tool).
   */
  deliver?(message: Message): void;
}

/**
 * One Redis pub/sub channel shared by every server process. Each process delivers its own messages
 * at once and hears the others'; while Redis is away, the others miss them, and each user of a
 * broadcast says what that costs.
 */
export function redisBroadcast<Message>(
  redis: Redis,
  log: Logger,
  { channel, what, encode, decode, deliver }: BroadcastOptions<Message>,
): Broadcast<Message> {
  const origin = randomUUID();
  if (!deliver) return { send: (message) => publish(message), close: () => undefined };
  // A subscribed connection can do nothing else; it queues its SUBSCRIBE until connected and
  // subscribes again after every reconnection.
  const listener = redis.duplicate({ enableOfflineQueue: true });
  listener.on('error', () => undefined); // the shared connection already reports outages
  listener
    .subscribe(channel)
    .catch((error: unknown) => log.warn({ err: error }, `could not listen for ${what}s`));
  listener.on('message', (_channel: string, text: string) => {
    let envelope: { from: string; message: string };
    let message: Message;
    try {
      envelope = JSON.parse(text) as { from: string; message: string };
      if (envelope.from === origin) return;
      message = decode(envelope.message);
    } catch (error) {
      log.warn({ err: error }, `ignored a malformed ${what} message`);
      return;
    }
    deliver(message);
  });
  return {
    send(message) {
      deliver(message);
      return publish(message);
    },
    close: () => listener.disconnect(),
  };

  function publish(message: Message): Promise<boolean> {
    return redis.publish(channel, JSON.stringify({ from: origin, message: encode(message) })).then(
      () => true,
      (error: unknown) => {
        log.warn({ err: error }, `${what} not shared with other processes`);
        return false;
      },
    );
  }
}

import { formatInstant } from '../dates/date-time.ts';

/** An instant in the viewer's locale and time zone, machine-readable as UTC. */
export function LocalTime({ value, className }: { value: Date; className?: string }) {
  return (
    <time dateTime={value.toISOString()} className={className}>
      {formatInstant(value)}
    </time>
  );
}

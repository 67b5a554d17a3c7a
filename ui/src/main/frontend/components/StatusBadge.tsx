import { humanize } from 'Frontend/lib/format';

/** A coloured status word (task, batch, job and review statuses share the palette by name). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status.toLowerCase().replace(/_/g, '-')}`}>{humanize(status)}</span>;
}

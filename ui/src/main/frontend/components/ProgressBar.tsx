/** A labelled progress bar; without a total it shows an indeterminate bar. */
export function ProgressBar({ value, max, label }: { value: number; max?: number; label: string }) {
  const known = max !== undefined && max > 0;
  const percent = known ? Math.min(100, Math.round((value / max) * 100)) : undefined;
  return (
    <div className="progress">
      <div
        className={known ? 'progress-track' : 'progress-track indeterminate'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={known ? max : undefined}
        aria-valuenow={known ? value : undefined}
        aria-valuetext={known ? `${value} of ${max} (${percent}%)` : 'in progress'}
      >
        <div className="progress-fill" style={{ width: known ? `${percent}%` : undefined }} />
      </div>
      <span className="progress-text">{known ? `${value.toLocaleString()} / ${max.toLocaleString()}` : '…'}</span>
    </div>
  );
}

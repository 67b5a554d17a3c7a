import type AnnotationItem from 'Frontend/generated/io/annotrail/app/task/TaskPageService/AnnotationItem';
import { StatusBadge } from 'Frontend/components/StatusBadge';
import { dateTime, prettyJson } from 'Frontend/lib/format';
import type { ReactNode } from 'react';

/** One annotation: who, when, the response (as text), its review, and optional actions below it. */
export function AnnotationCard({ annotation, children }: { annotation: AnnotationItem; children?: ReactNode }) {
  const seconds = Math.round(annotation.timeOnTaskMillis / 1000);
  return (
    <article className="annotation" aria-label={`Annotation by ${annotation.annotatorName}`}>
      <header>
        <strong>{annotation.annotatorName}</strong>
        {annotation.mine && <span className="muted"> (you)</span>}
        <StatusBadge status={annotation.reviewStatus} />
      </header>
      <p className="muted">
        {dateTime(annotation.submittedAt)} · {seconds} s on task · schema v{annotation.schemaVersion}
        {annotation.fromSuggestion && ` · from a suggestion${annotation.changedFields.length ? `, changed ${annotation.changedFields.join(', ')}` : ', unchanged'}`}
      </p>
      <pre className="response">{prettyJson(annotation.responseJson)}</pre>
      {annotation.reviewerName && (
        <p className="review-note">
          Reviewed by {annotation.reviewerName}
          {annotation.reviewedAt && ` on ${dateTime(annotation.reviewedAt)}`}
          {annotation.reviewComment && <>: “{annotation.reviewComment}”</>}
        </p>
      )}
      {children}
    </article>
  );
}

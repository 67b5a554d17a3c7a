package io.annotrail.domain.common;

/**
 * The status of a task, a partition of all tasks:
 * <ul>
 *   <li>OPEN: nobody holds a lease and nothing has been submitted yet;</li>
 *   <li>IN_PROGRESS: at least one lease is live, or a rejected annotation waits for rework;</li>
 *   <li>SUBMITTED: some slots are submitted, more annotations are needed, nobody works on it now;</li>
 *   <li>IN_REVIEW: every slot is submitted and at least one annotation waits for review;</li>
 *   <li>COMPLETED: every slot holds an annotation that is accepted or needs no review.</li>
 * </ul>
 */
public enum TaskStatus { OPEN, IN_PROGRESS, SUBMITTED, IN_REVIEW, COMPLETED }

/**
 * Events as people read them ("Order made", "Draft final evidence sent to the IRO"), never their
 * type ids: one list for the tab, the bot, emails and the command line.
 */
import type { CaseEvent, EventType } from './case-file';

export const EVENT_TITLES: Record<EventType, string> = {
  'looked-after.started': 'The child became looked after',
  'lpm.recommended': 'Legal planning meeting recommended',
  'lpm.scheduled': 'Legal planning meeting listed (or moved)',
  'lpm.not-needed': 'Social work team decided no LPM is needed',
  'lpm.reasons-sent-to-iro': 'Reasons no LPM is needed sent to the IRO',
  'lpm.referral-checked': "LPM referral form checked for the IRO's details and views",
  'lpm.iro-views-obtained': "IRO's views on the proposed care plan obtained",
  'iro-sw-meeting.held': 'Meeting between the IRO and social work team held',
  'order.made': 'Order made',
  'iro-service.notified': 'IRO service told of the order',
  'lawyer.allocated': 'Lawyer allocated (or changed)',
  'social-worker.allocated': 'Social worker allocated (or changed)',
  'iro.allocated': 'IRO allocated (or re-allocated)',
  'court.notified-of-iro': 'Court told who the IRO is',
  'application.issued': 'Care application issued',
  'standard-directions.received': 'Standard directions received',
  'standard-directions.sent-to-iro': 'Standard directions sent to the IRO',
  'guardian.appointed': "Children's Guardian appointed (or replaced)",
  'childs-solicitor.appointed': "Child's solicitor appointed (or replaced)",
  'guardian-details.sent-to-iro': "Guardian's details sent to the IRO",
  'legal-details.sent-to-iro-admin':
    "Lawyer's and Guardian's details sent to the IRO administrator",
  'previous-reviews.asked-for': 'A party asked for previous reviews',
  'previous-reviews.requested': 'Previous reviews requested from the IRO service',
  'cafcass.contacted-iro-service': 'CAFCASS contacted IRO admin about the designated IRO',
  'guardian-name.passed-to-iro': "Guardian's name passed to the IRO",
  'guardian.care-plan-concern': 'Guardian has a concern about the care plan',
  'review-record-requirement.recorded':
    'Legal put on record that the Guardian receives review records',
  'document.not-needed': 'A document is not needed',
  'document.sent-to-iro': 'Initial court document sent to the IRO',
  'court-document.received': 'Court document received',
  'court-document.uploaded': 'Court document uploaded to LCS',
  'review.scheduled': 'Review date set',
  'review.held': 'Review held',
  'review.minutes-sent-to-lawyer': 'Review minutes sent to the lawyer',
  'guardian.invited-to-review': 'Guardian invited to the review',
  'review.record-sent-to-guardian': 'Review record sent to the Guardian',
  'filing.scheduled': 'Filing date set',
  'iro-alert.sent': 'IRO alert sent',
  'draft.sent-to-iro': 'Draft final evidence sent to the IRO',
  'iro.comments-returned': "IRO's comments on the draft returned",
  'iro-views.sent-to-social-worker':
    "IRO's views for the final care plan sent to the social worker",
  'concern.raised': 'IRO raised a concern',
  'concern.resolved': "IRO's concern resolved",
  'concern.remains': 'IRO remains dissatisfied after mediation',
  'legal-advice.sought': 'Legal advice sought via the Principal Lawyer',
  'dispute.raised': 'Disagreement raised',
  'dispute.resolved': 'Disagreement resolved',
  'dispute.managers-informed':
    'Head of Service and Principal Lawyer told of the IRO alert and responses',
  'court.informed-of-dispute': 'Court informed of the dispute',
  'hearing.scheduled': 'Hearing listed',
  'filing.made': 'Filed (as the court directed)',
  'hearing.held': 'Hearing held',
  'proceedings.concluded': 'Proceedings concluded',
  'final-documents.confirmed': 'Final documents forwarded to the IRO',
  'iro-guardian.contact-made': 'IRO and Guardian in contact',
  'iro-guardian.discussion-held': 'IRO–Guardian discussion held',
  'discussion-frequency.agreed': 'How often the IRO and Guardian talk agreed',
  'discussion.recorded': "IRO\u2013Guardian discussion recorded on the child's case record",
  'outstanding-issue.identified': 'Outstanding issue identified',
  'outstanding-issue.reviewed': 'Outstanding issue reviewed',
  'outstanding-issue.resolved': 'Outstanding issue resolved',
  'obligation.acknowledged': 'Acknowledged',
  'obligation.completed': 'Marked as done',
  'obligation.cannot-meet': 'Said it cannot be met',
  'obligation.waived': 'Waived',
  'event.retracted': 'Retracted (recorded by mistake)',
  'party.left': 'Left the council',
};

const ORDER_WORDS: Record<string, string> = {
  ICO: 'Interim care order made',
  EPO: 'Emergency protection order made',
};

/** An event in words, with what distinguishes it where that matters ("Interim care order made"). */
export function eventInWords(event: Pick<CaseEvent, 'type'> & Record<string, unknown>): string {
  if (event.type === 'order.made' && typeof event.order === 'string')
    return ORDER_WORDS[event.order] ?? EVENT_TITLES['order.made'];
  return EVENT_TITLES[event.type] ?? event.type;
}

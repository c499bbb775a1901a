// Reminder and escalation policy where a document is silent (none of the seeds names one).
// Default: the responsible role is reminded 2 hverdage before the due date; when the deadline is
// missed the responsible role and the leder are told at once; the leder is told again every
// 2 hverdage while it stays unmet. A municipality's own regelsæt file can say otherwise.
import type { Role } from '../schema';

export const DEFAULT_NOTICE_POLICY = (responsible: Role) => ({
  reminders: [{ before: { amount: 2, unit: 'hverdage' as const }, to: [responsible] }],
  escalation: [
    { after: { amount: 0, unit: 'hverdage' as const }, to: [responsible, 'leder' as const] },
    { after: { amount: 2, unit: 'hverdage' as const }, to: ['leder' as const] },
  ],
  repeatEvery: { amount: 2, unit: 'hverdage' as const },
});

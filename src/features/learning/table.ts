import { integer, pgTable, primaryKey, timestamp, index } from 'drizzle-orm/pg-core';
import { users } from '../accounts/table';
import { lessons } from '../catalogue/table';

/** "Als erledigt markieren": one row per person and lesson done. Kept when a lesson is archived. */
export const lessonProgress = pgTable(
  'lesson_progress',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: integer('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'restrict' }),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.lessonId] }), index('lesson_progress_lesson_idx').on(t.lessonId)],
);

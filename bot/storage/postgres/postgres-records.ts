import type pg from 'pg';
import { isAskedAgain, isQuestion, type Miss, type MissKind } from '../misses.js';
import type { FeedbackRecord, Records, TurnRecord } from '../records.js';
import { createPendingWrites, type PendingWrites } from './pending-writes.js';
import { inTransaction, type Queryable } from './pool.js';
import { pgJson, pgText } from './values.js';

type MissRow = { seq: number; kind: MissKind; at: string; locale: string; question: string; conversation_id: string; guide_id: string | null };
type LastTurn = { at: string; locale: string; question: string; kind: string; guide_id: string | null; flagged: boolean };

const ADD_MISS = 'INSERT INTO missed_questions (at, locale, kind, question, conversation_id, guide_id) VALUES ($1, $2, $3, $4, $5, $6)';
// The row lock serialises two turns of one conversation (on two instances): the second reads what the first wrote,
// so a guide is counted as likely wrong once.
const LAST_TURN = 'SELECT at, locale, question, kind, guide_id, flagged FROM last_turns WHERE conversation_id = $1 FOR UPDATE';
const SET_LAST_TURN = `INSERT INTO last_turns (conversation_id, at, locale, question, kind, guide_id, flagged) VALUES ($1, $2, $3, $4, $5, $6, false)
  ON CONFLICT (conversation_id) DO UPDATE SET at = excluded.at, locale = excluded.locale, question = excluded.question, kind = excluded.kind,
  guide_id = excluded.guide_id, flagged = false`;
const REMEMBER = `INSERT INTO last_questions (conversation_id, guide_id, question, at) SELECT $1::text, g, $3::text, $4::timestamptz FROM unnest($2::text[]) AS g
  ON CONFLICT (conversation_id, guide_id) DO UPDATE SET question = excluded.question, at = excluded.at WHERE excluded.at >= last_questions.at`;
// One statement, so no transaction: the record and, for a 👎, the miss with the question that got the guide.
const ADD_FEEDBACK = `WITH feedback AS (INSERT INTO feedback_records (conversation_id, at, record) VALUES ($1, $2, $3::jsonb))
  INSERT INTO missed_questions (at, locale, kind, question, conversation_id, guide_id)
  SELECT $2::timestamptz, $4::text, 'notHelpful', COALESCE((SELECT question FROM last_questions WHERE conversation_id = $1 AND guide_id = $5), ''), $1, $5
  WHERE NOT $6::boolean`;
const ADD_HANDOFF_MISS = `INSERT INTO missed_questions (at, locale, kind, question, conversation_id)
  SELECT $1::timestamptz, $2::text, 'handoff', COALESCE((SELECT question FROM last_questions WHERE conversation_id = $3 AND guide_id = ''), ''), $3::text`;

/**
 * The turn and feedback records in PostgreSQL (tables of migration 001), the same rules as sqlite-records.ts: the
 * report's misses are kept as the records are written. A write resolves once committed. A turn's rows are one
 * transaction; the conversation's last turn is read with a row lock, so turns of one conversation on two instances
 * count a wrong guide once.
 */
export function createPostgresRecords(pool: pg.Pool, pending: PendingWrites = createPendingWrites()): Records {
  const miss = (db: Queryable, m: Miss) =>
    db.query(ADD_MISS, [m.at, pgText(m.locale), m.kind, pgText(m.question), pgText(m.conversationId), m.guideId === undefined ? null : pgText(m.guideId)]);
  const lastTurn = async (db: Queryable, conversationId: string) => (await db.query<LastTurn>(LAST_TURN, [conversationId])).rows[0];
  /** The guide answered just before was likely wrong: counted once, against its question. */
  const wrongGuide = async (db: Queryable, conversationId: string, before: LastTurn | undefined, kind: 'afterGuide' | 'askedAgain') => {
    if (before?.kind !== 'guide' || before.flagged) return;
    await db.query('UPDATE last_turns SET flagged = true WHERE conversation_id = $1', [conversationId]);
    await miss(db, { kind, at: before.at, locale: before.locale, question: before.question, conversationId, guideId: before.guide_id ?? undefined });
  };

  async function addTurn(db: Queryable, r: TurnRecord): Promise<void> {
    const id = pgText(r.conversationId);
    await db.query('INSERT INTO turn_records (conversation_id, at, record) VALUES ($1, $2, $3::jsonb)', [id, r.at, pgJson(r)]);
    if (r.answer.kind === 'fallback' || r.answer.kind === 'clarify')
      await miss(db, { kind: r.answer.kind, at: r.at, locale: r.locale, question: r.question, conversationId: r.conversationId });
    if (r.answer.kind !== 'smalltalk') {
      const before = await lastTurn(db, id);
      if (r.answer.kind === 'handoff') await wrongGuide(db, id, before, 'afterGuide');
      else if (isAskedAgain(pgText(r.question), before?.question ?? pgText(r.question))) await wrongGuide(db, id, before, 'askedAgain');
      await db.query(SET_LAST_TURN, [id, r.at, pgText(r.locale), pgText(r.question), r.answer.kind, r.answer.guideId ?? null]);
    }
    const guides = [...(isQuestion(r) ? [''] : []), ...(r.answer.guideId ? [r.answer.guideId] : [])];
    if (guides.length > 0) await db.query(REMEMBER, [id, guides, pgText(r.question), r.at]);
  }

  return {
    addTurn: (r) => pending.track(inTransaction(pool, (db) => addTurn(db, r))),
    async addFeedback(r) {
      const id = pgText(r.conversationId);
      await pending.track(pool.query(ADD_FEEDBACK, [id, r.at, pgJson(r), pgText(r.locale), pgText(r.guideId), r.helpful]));
    },
    addHandoff: (r) =>
      pending.track(
        inTransaction(pool, async (db) => {
          const id = pgText(r.conversationId);
          await wrongGuide(db, id, await lastTurn(db, id), 'afterGuide');
          await db.query(ADD_HANDOFF_MISS, [r.at, pgText(r.locale), id]);
        }),
      ),
    async misses(limit, before = Number.MAX_SAFE_INTEGER) {
      const { rows } = await pool.query<MissRow>(
        'SELECT seq, kind, at, locale, question, conversation_id, guide_id FROM missed_questions WHERE seq < $1 ORDER BY seq DESC LIMIT $2',
        [before, limit],
      );
      return rows.map((row) => ({
        seq: row.seq,
        kind: row.kind,
        at: row.at,
        locale: row.locale,
        question: row.question,
        conversationId: row.conversation_id,
        ...(row.guide_id ? { guideId: row.guide_id } : {}),
      }));
    },
    turns: async () => (await pool.query<{ record: TurnRecord }>('SELECT record FROM turn_records ORDER BY seq')).rows.map((row) => row.record),
    feedback: async () => (await pool.query<{ record: FeedbackRecord }>('SELECT record FROM feedback_records ORDER BY seq')).rows.map((row) => row.record),
  };
}

import type { Database } from './database.js';
import { collectMisses, isAskedAgain, isQuestion, type Miss, type MissKind } from './misses.js';
import type { FeedbackRecord, Records, TurnRecord } from './records.js';

type MissRow = { seq: number; kind: MissKind; at: string; locale: string; question: string; conversation_id: string; guide_id: string | null };

/**
 * The bot's turn and feedback records in SQLite, so the editors' report survives restarts. Rows are group-committed.
 * The report's misses are kept as the records are written (`missed_questions`, with the question a 👎 or a handoff
 * stands for looked up then, from `last_questions`), so /editor reads a few thousand rows, not every turn ever.
 */
export function createSqliteRecords(db: Database): Records {
  db.exec(`
    CREATE TABLE IF NOT EXISTS turn_records (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, at TEXT NOT NULL, record TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS feedback_records (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, at TEXT NOT NULL, record TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS missed_questions (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, locale TEXT NOT NULL, kind TEXT NOT NULL, question TEXT NOT NULL,
      conversation_id TEXT NOT NULL, guide_id TEXT
    );
    -- The last question of each conversation ('' guide) and the last one each guide answered: what a handoff or a 👎 is about.
    CREATE TABLE IF NOT EXISTS last_questions (
      conversation_id TEXT NOT NULL, guide_id TEXT NOT NULL, question TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (conversation_id, guide_id)
    ) WITHOUT ROWID;
    -- Each conversation's last turn that was not small talk: a guide followed by a handoff or by the same question
    -- again was likely the wrong guide ('flagged' once it counted).
    CREATE TABLE IF NOT EXISTS last_turns (
      conversation_id TEXT PRIMARY KEY, at TEXT NOT NULL, locale TEXT NOT NULL, question TEXT NOT NULL, kind TEXT NOT NULL,
      guide_id TEXT, flagged INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
  `);
  const addTurn = db.prepare('INSERT INTO turn_records (conversation_id, at, record) VALUES (?, ?, ?)');
  const addFeedback = db.prepare('INSERT INTO feedback_records (conversation_id, at, record) VALUES (?, ?, ?)');
  const addMiss = db.prepare('INSERT INTO missed_questions (at, locale, kind, question, conversation_id, guide_id) VALUES (?, ?, ?, ?, ?, ?)');
  const remember = db.prepare(
    'INSERT INTO last_questions (conversation_id, guide_id, question, at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET question = excluded.question, at = excluded.at WHERE excluded.at >= at',
  );
  const lastQuestion = db.prepare<[string, string], string>('SELECT question FROM last_questions WHERE conversation_id = ? AND guide_id = ?').pluck();
  // Written as they happen, so the row order is the time order.
  const older = db.prepare<[number, number], MissRow>(
    'SELECT seq, kind, at, locale, question, conversation_id, guide_id FROM missed_questions WHERE seq < ? ORDER BY seq DESC LIMIT ?',
  );
  const turns = db.prepare<[], { record: string }>('SELECT record FROM turn_records ORDER BY seq');
  const feedback = db.prepare<[], { record: string }>('SELECT record FROM feedback_records ORDER BY seq');
  type LastTurn = { at: string; locale: string; question: string; kind: string; guide_id: string | null; flagged: number };
  const lastTurn = db.prepare<[string], LastTurn>('SELECT at, locale, question, kind, guide_id, flagged FROM last_turns WHERE conversation_id = ?');
  const setLastTurn = db.prepare(
    'INSERT OR REPLACE INTO last_turns (conversation_id, at, locale, question, kind, guide_id, flagged) VALUES (?, ?, ?, ?, ?, ?, 0)',
  );
  const flag = db.prepare('UPDATE last_turns SET flagged = 1 WHERE conversation_id = ?');
  /** The guide answered just before was likely wrong: counted once, against its question. */
  const wrongGuide = (conversationId: string, kind: 'afterGuide' | 'askedAgain') => {
    const before = lastTurn.get(conversationId);
    if (before?.kind !== 'guide' || before.flagged) return;
    flag.run(conversationId);
    miss({ kind, at: before.at, locale: before.locale, question: before.question, conversationId, guideId: before.guide_id ?? undefined });
  };
  const miss = (m: Miss) => addMiss.run(m.at, m.locale, m.kind, m.question, m.conversationId, m.guideId ?? null);

  const allTurns = () => turns.all().map((row) => JSON.parse(row.record) as TurnRecord);
  const allFeedback = () => feedback.all().map((row) => JSON.parse(row.record) as FeedbackRecord);
  backfill(db, allTurns, allFeedback);

  // The work is done at the call, synchronously, as before: the promises only carry its outcome.
  return {
    async addTurn(r) {
      db.joinTick();
      addTurn.run(r.conversationId, r.at, JSON.stringify(r));
      if (r.answer.kind === 'fallback' || r.answer.kind === 'clarify')
        miss({ kind: r.answer.kind, at: r.at, locale: r.locale, question: r.question, conversationId: r.conversationId });
      if (r.answer.kind !== 'smalltalk') {
        if (r.answer.kind === 'handoff') wrongGuide(r.conversationId, 'afterGuide');
        else if (isAskedAgain(r.question, lastTurn.get(r.conversationId)?.question ?? r.question)) wrongGuide(r.conversationId, 'askedAgain');
        setLastTurn.run(r.conversationId, r.at, r.locale, r.question, r.answer.kind, r.answer.guideId ?? null);
      }
      if (isQuestion(r)) remember.run(r.conversationId, '', r.question, r.at);
      if (r.answer.guideId) remember.run(r.conversationId, r.answer.guideId, r.question, r.at);
    },
    async addFeedback(r) {
      db.joinTick();
      addFeedback.run(r.conversationId, r.at, JSON.stringify(r));
      if (r.helpful) return;
      const question = lastQuestion.get(r.conversationId, r.guideId) ?? '';
      miss({ kind: 'notHelpful', at: r.at, locale: r.locale, question, conversationId: r.conversationId, guideId: r.guideId });
    },
    async addHandoff(r) {
      db.joinTick();
      wrongGuide(r.conversationId, 'afterGuide');
      miss({ kind: 'handoff', at: r.at, locale: r.locale, question: lastQuestion.get(r.conversationId, '') ?? '', conversationId: r.conversationId });
    },
    misses: async (limit, before = Number.MAX_SAFE_INTEGER) =>
      older.all(before, limit).map((row) => ({
        seq: row.seq,
        kind: row.kind,
        at: row.at,
        locale: row.locale,
        question: row.question,
        conversationId: row.conversation_id,
        ...(row.guide_id ? { guideId: row.guide_id } : {}),
      })),
    turns: async () => allTurns(),
    feedback: async () => allFeedback(),
  };
}

/** A data folder from before missed_questions existed: its misses are derived once, at the first start. */
function backfill(db: Database, allTurns: () => TurnRecord[], allFeedback: () => FeedbackRecord[]): void {
  const has = (table: string) => db.prepare(`SELECT EXISTS (SELECT 1 FROM ${table}) AS x`).pluck().get() === 1;
  if (has('missed_questions') || has('last_questions') || !(has('turn_records') || has('feedback_records'))) return;
  const turns = allTurns();
  const handoffs = db.prepare("SELECT name FROM sqlite_master WHERE name = 'handoff_cases'").get()
    ? db
        .prepare<[], { conversationId: string; at: string; locale: string }>(
          "SELECT conversation_id AS conversationId, created_at AS at, COALESCE(json_extract(data, '$.locale'), '') AS locale FROM handoff_cases",
        )
        .all()
    : undefined;
  const misses = collectMisses({ turns, feedback: allFeedback(), handoffs });
  const remember = db.prepare('INSERT OR REPLACE INTO last_questions (conversation_id, guide_id, question, at) VALUES (?, ?, ?, ?)');
  const addMiss = db.prepare('INSERT INTO missed_questions (at, locale, kind, question, conversation_id, guide_id) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const t of [...turns].sort((a, b) => a.at.localeCompare(b.at))) {
      if (isQuestion(t)) remember.run(t.conversationId, '', t.question, t.at);
      if (t.answer.guideId) remember.run(t.conversationId, t.answer.guideId, t.question, t.at);
    }
    for (const m of misses) addMiss.run(m.at, m.locale, m.kind, m.question, m.conversationId, m.guideId ?? null);
  })();
}

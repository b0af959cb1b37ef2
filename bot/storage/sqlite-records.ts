import type { Database } from './database.js';
import type { FeedbackRecord, Records, TurnRecord } from './records.js';

/** The bot's turn and feedback records in SQLite, so the editors' report survives restarts. Rows are group-committed. */
export function createSqliteRecords(db: Database): Records {
  db.exec(`
    CREATE TABLE IF NOT EXISTS turn_records (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, at TEXT NOT NULL, record TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS feedback_records (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, at TEXT NOT NULL, record TEXT NOT NULL);
  `);
  const addTurn = db.prepare('INSERT INTO turn_records (conversation_id, at, record) VALUES (?, ?, ?)');
  const addFeedback = db.prepare('INSERT INTO feedback_records (conversation_id, at, record) VALUES (?, ?, ?)');
  const turns = db.prepare<[], { record: string }>('SELECT record FROM turn_records ORDER BY seq');
  const feedback = db.prepare<[], { record: string }>('SELECT record FROM feedback_records ORDER BY seq');
  return {
    addTurn(r) {
      db.joinTick();
      addTurn.run(r.conversationId, r.at, JSON.stringify(r));
    },
    addFeedback(r) {
      db.joinTick();
      addFeedback.run(r.conversationId, r.at, JSON.stringify(r));
    },
    turns: () => turns.all().map((row) => JSON.parse(row.record) as TurnRecord),
    feedback: () => feedback.all().map((row) => JSON.parse(row.record) as FeedbackRecord),
  };
}

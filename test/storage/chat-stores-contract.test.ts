import { describePostgres } from '../support/postgres.js';
import { postgresChatEngine, sqliteChatEngine } from './chat-engines.js';
import { describeConversationLogContract } from './conversation-log-contract.js';
import { describeRecordsContract } from './records-contract.js';
import { describeTokenUsesContract } from './token-uses-contract.js';
import { describeTranscriptContract } from './transcript-contract.js';

// The chat side's stores, one contract per interface, on both engines: SQLite in memory (one instance, as it runs),
// PostgreSQL in a database of its own per suite, where each open() is another instance with a pool of its own.
describeRecordsContract('SQLite', sqliteChatEngine);
describeRecordsContract('PostgreSQL', () => postgresChatEngine('records'), describePostgres);
describeConversationLogContract('SQLite', sqliteChatEngine);
describeConversationLogContract('PostgreSQL', () => postgresChatEngine('conversation_log'), describePostgres);
describeTranscriptContract('SQLite', sqliteChatEngine);
describeTranscriptContract('PostgreSQL', () => postgresChatEngine('transcripts'), describePostgres);
describeTokenUsesContract('SQLite (in memory)', sqliteChatEngine);
describeTokenUsesContract('PostgreSQL', () => postgresChatEngine('token_uses'), describePostgres);

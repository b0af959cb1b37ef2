import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CHANNEL } from '../storage/chat-engines.js';
import type { PrivacyEngine } from './privacy-engines.js';

const OLD = '2026-01-10T10:00:00.000Z';
const FRESH = '2026-08-20T10:00:00.000Z';
const NOW = new Date('2026-09-01T00:00:00.000Z');

/**
 * What erasure and retention must do on each engine: find a merchant's conversations by id, store id or e-mail address,
 * delete every row of them (web chat log, transcripts, state, records, cases and what the desk keeps beside them) and
 * nothing else, audit without the content, and purge by age. Called by test/privacy/privacy-contract.test.ts.
 */
export function describePrivacyContract(name: string, engine: () => Promise<PrivacyEngine>, wrap: (name: string, body: () => void) => void = describe): void {
  wrap(`Erasure and retention contract: ${name}`, () => {
    let e: PrivacyEngine;
    beforeAll(async () => {
      e = await engine();
    });
    afterAll(async () => {
      await e?.close();
    });
    const id = (label: string) => `${label}-${randomBytes(5).toString('hex')}`;

    /** A web chat: its log, records (a fallback and a 👎), state. */
    const webChat = async (conversationId: string, text: string, at: string, channelData: object = {}) => {
      const { log, records } = e.stores;
      await log.create({ id: conversationId, userId: 'dl_u', createdAt: at });
      await log.markStarted(conversationId, at);
      const stamp = (a: Partial<Activity>, seq: number) => ({ ...a, id: `${conversationId}|${seq}`, timestamp: at }) as unknown as Activity;
      await log.append(
        conversationId,
        [
          { type: 'message', text, channelData, from: { id: 'dl_u', name: '', role: 'user' } },
          { type: 'message', text: 'Vabandust.' },
        ],
        stamp,
      );
      await records.addTurn({ conversationId, at, locale: 'et', question: text, answer: { kind: 'fallback', locale: 'et' } });
      await records.addFeedback({ conversationId, at, locale: 'et', guideId: 'card-payments', helpful: false });
      await e.state.write({ [`${WEB_CHANNEL}/conversations/${conversationId}/`]: { memory: { locale: 'et' } } });
    };
    /** Another channel's chat: its transcript, records, state. */
    const apiChat = async (conversationId: string, text: string, at: string, channelData: object = {}) => {
      await e.stores.transcripts.logActivity({
        type: 'message',
        text,
        channelData,
        channelId: 'msteams',
        conversation: { id: conversationId },
        timestamp: new Date(at),
      } as Activity);
      await e.stores.records.addTurn({ conversationId, at, locale: 'et', question: text, answer: { kind: 'guide', guideId: 'api-keys', locale: 'et' } });
      await e.state.write({ [`msteams/conversations/${conversationId}/`]: { memory: { locale: 'et' } } });
    };
    /** A handoff case with an entry, an e-mail answer, a claim time and its history. */
    const handoffCase = async (conversationId: string, at: string, data: object = {}, email = 'someone@example.ee') => {
      const caseId = id('case');
      await e.run(
        "INSERT INTO handoff_cases (id, conversation_id, status, created_at, data) VALUES (?, ?, 'closed', ?, ?)",
        caseId,
        conversationId,
        at,
        JSON.stringify({ locale: 'et', ...data }),
      );
      await e.run(
        "INSERT INTO handoff_entries (case_id, conversation_id, at, kind, author, text, delivered) VALUES (?, ?, ?, 'message', 'kadri', 'Tere!', FALSE)",
        caseId,
        conversationId,
        at,
      );
      await e.run(
        "INSERT INTO mail_outbox (case_id, to_address, subject, body, author, status, created_at) VALUES (?, ?, 'Re', 'Vastus', 'kadri', 'sent', ?)",
        caseId,
        email,
        at,
      );
      await e.run('INSERT INTO handoff_claims (case_id, created_at, claimed_at) VALUES (?, ?, ?)', caseId, at, at);
      await e.run(
        "INSERT INTO case_history (case_id, ended_at, created_at, outcome, locale, headline) VALUES (?, ?, ?, 'answered', 'et', 'Küsimus')",
        caseId,
        at,
        at,
      );
      return caseId;
    };
    /** Every row of a conversation (and of its cases) in every table. */
    const footprint = async (conversationId: string, caseIds: string[] = []) => {
      const tables = [
        'activities',
        'transcript_activities',
        'turn_records',
        'feedback_records',
        'missed_questions',
        'last_questions',
        'last_turns',
        'handoff_entries',
        'handoff_cases',
      ];
      let rows = await e.count('SELECT COUNT(*) AS count FROM conversations WHERE id = ?', conversationId);
      for (const table of tables) rows += await e.count(`SELECT COUNT(*) AS count FROM ${table} WHERE conversation_id = ?`, conversationId);
      for (const channel of [WEB_CHANNEL, 'msteams'])
        rows += await e.count('SELECT COUNT(*) AS count FROM bot_state WHERE key = ?', `${channel}/conversations/${conversationId}/`);
      for (const caseId of caseIds) {
        for (const table of ['mail_outbox', 'handoff_claims', 'case_history'])
          rows += await e.count(`SELECT COUNT(*) AS count FROM ${table} WHERE case_id = ?`, caseId);
      }
      return rows;
    };

    it('erases a conversation: every row of it in every table, its cases with what the desk keeps beside them, nothing of another', async () => {
      const [web, api, other] = [id('web'), id('api'), id('other')];
      await webChat(web, 'minu tellimus Päikeseratas-7731', FRESH);
      const webCase = await handoffCase(web, FRESH);
      await apiChat(api, 'API küsimus', FRESH);
      await webChat(other, 'teine vestlus', FRESH);
      const otherCase = await handoffCase(other, FRESH);
      const before = await footprint(other, [otherCase]);
      const { erasure } = e.privacy({ days: 0, now: () => NOW });
      expect(await erasure.erase({ kind: 'conversation', value: web }, 'priya')).toMatchObject({ conversations: 1 });
      expect(await footprint(web, [webCase])).toBe(0);
      expect(await erasure.erase({ kind: 'conversation', value: api }, 'priya')).toMatchObject({ conversations: 1 });
      expect(await footprint(api)).toBe(0);
      expect(await footprint(other, [otherCase])).toBe(before);
    });

    it('finds a store’s conversations wherever its id is kept (the chat, a transcript, state, a case) and no other store’s', async () => {
      const [inChat, inTranscript, inState, inCase, otherStore, prefix] = ['chat', 'transcript', 'state', 'case', 'other', 'prefix'].map(id);
      const store = `store-${randomBytes(3).toString('hex')}`;
      await webChat(inChat as string, 'tere', FRESH, { storeId: store });
      await apiChat(inTranscript as string, 'tere', FRESH, { storeId: store });
      await e.state.write({ [`msteams/conversations/${inState}/`]: { memory: { storeId: store } } });
      await handoffCase(inCase as string, FRESH, { packet: { storeId: store } });
      await webChat(otherStore as string, 'tere', FRESH, { storeId: 'store-elsewhere' });
      await webChat(prefix as string, 'tere', FRESH, { storeId: `${store}0` });
      const { erasure } = e.privacy({ days: 0, now: () => NOW });
      expect((await erasure.conversationsOf({ kind: 'store', value: store })).sort()).toEqual([inChat, inTranscript, inState, inCase].sort());
      expect(await erasure.erase({ kind: 'store', value: store }, 'priya')).toMatchObject({ conversations: 4 });
      expect(await erasure.conversationsOf({ kind: 'store', value: store })).toEqual([]);
      expect(await footprint(otherStore as string)).toBeGreaterThan(0);
      expect(await footprint(prefix as string)).toBeGreaterThan(0);
    });

    it('finds an e-mail address in any case (letters), in what was written and where answers were sent; audits only its hash', async () => {
      const [written, mailed, other] = ['written', 'mailed', 'other'].map(id);
      const address = `kaia.${randomBytes(3).toString('hex')}@example.ee`;
      await apiChat(written as string, `minu aadress on ${address.toUpperCase()}`, FRESH);
      await webChat(mailed as string, 'vastake e-postiga', FRESH);
      await handoffCase(mailed as string, FRESH, {}, address);
      await webChat(other as string, 'kirjutage other@example.ee', FRESH);
      const { erasure } = e.privacy({ days: 0, now: () => NOW });
      expect(await erasure.erase({ kind: 'email', value: address.replace('kaia', 'Kaia') }, 'priya')).toMatchObject({ conversations: 2 });
      expect(await footprint(written as string)).toBe(0);
      expect(await footprint(mailed as string)).toBe(0);
      expect(await footprint(other as string)).toBeGreaterThan(0);
      const [entry] = await erasure.auditLog(1);
      expect(entry).toMatchObject({
        by: 'priya',
        kind: 'email',
        at: NOW.toISOString(),
        conversations: 2,
        subject: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      });
      expect(JSON.stringify(await erasure.auditLog())).not.toContain('kaia');
    });

    it('audits an erasure that found nothing, and gives the latest audit entries oldest first', async () => {
      const { erasure } = e.privacy({ days: 0, now: () => NOW });
      expect(await erasure.erase({ kind: 'conversation', value: 'never-was' }, 'priya')).toEqual({ conversations: 0, rows: 0 });
      await erasure.audit({ at: FRESH, by: 'command', kind: 'conversation', subject: 'x', conversations: 1, rows: 3 });
      const latest = await erasure.auditLog(2);
      expect(latest.map((a) => [a.by, a.subject])).toEqual([
        ['priya', 'never-was'],
        ['command', 'x'],
      ]);
      expect(latest[1]).toEqual({ at: FRESH, by: 'command', kind: 'conversation', subject: 'x', conversations: 1, rows: 3 });
    });

    it('purges what is older than RETENTION_DAYS (conversations, transcripts, records, state, cases) and keeps what is newer', async () => {
      const [oldWeb, oldApi, freshWeb, freshApi] = ['old-web', 'old-api', 'fresh-web', 'fresh-api'].map(id) as [string, string, string, string];
      await webChat(oldWeb, 'vana küsimus Sinilill-1111', OLD);
      const oldCase = await handoffCase(oldWeb, OLD);
      await apiChat(oldApi, 'vana API küsimus', OLD);
      await webChat(freshWeb, 'uus küsimus', FRESH);
      const freshCase = await handoffCase(freshWeb, FRESH);
      await apiChat(freshApi, 'uus API küsimus', FRESH);
      const kept = [await footprint(freshWeb, [freshCase]), await footprint(freshApi)];
      const { retention, erasure } = e.privacy({ days: 180, now: () => NOW });
      const result = await retention.purge();
      expect(result.conversations).toBe(2);
      expect(await footprint(oldWeb, [oldCase])).toBe(0);
      expect(await footprint(oldApi)).toBe(0);
      expect([await footprint(freshWeb, [freshCase]), await footprint(freshApi)]).toEqual(kept);
      expect((await erasure.auditLog(1))[0]).toMatchObject({ by: 'retention', kind: 'retention', rows: result.rows });
      expect(await retention.purge()).toEqual({ conversations: 0, rows: 0 });
    });
  });
}

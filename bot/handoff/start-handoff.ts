import { EventFactory, type TranscriptStore, type TurnContext } from 'botbuilder';
import type { HandoffContext } from './handoff-context.js';

export type Handoff = { start: (context: TurnContext, handoff: HandoffContext) => Promise<void> };

/** Sends the Bot Framework handoff.initiate event with the (already masked) transcript; the agent side acts on it. */
export function createHandoff(transcripts: TranscriptStore): Handoff {
  return {
    async start(context, handoff) {
      const { channelId, conversation } = context.activity;
      const page = await transcripts.getTranscriptActivities(channelId, conversation.id);
      await context.sendActivity(EventFactory.createHandoffInitiation(context, handoff, { activities: page.items }));
    },
  };
}

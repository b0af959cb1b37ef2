import type { Middleware, TurnContext } from 'botbuilder';
import { maskSecrets } from './secrets.js';

export const SECRET_FOUND = Symbol('secretFound');

/** Runs first: whatever the merchant pasted is masked before any logger, transcript or agent sees the activity. */
export const maskSecretsMiddleware: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>) {
    const { activity } = context;
    if (typeof activity.text === 'string') {
      const masked = maskSecrets(activity.text);
      if (masked.found) {
        activity.text = masked.text;
        context.turnState.set(SECRET_FOUND, true);
      }
    }
    await next();
  },
};

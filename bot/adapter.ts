import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type BotFrameworkAuthentication, ClaimsIdentity } from 'botframework-connector';
import type { Config } from './config.js';
import { ReusingConnectors } from './reusing-connectors.js';

type Logic = (context: TurnContext) => Promise<void>;

/** CloudAdapter that can also run a turn in-process and hand back its replies (our own web channel, eval, bench). */
export class SupportAdapter extends CloudAdapter {
  constructor(
    private readonly appId: string,
    auth: BotFrameworkAuthentication,
  ) {
    super(auth);
  }

  /**
   * A turn for an activity that came over HTTP, already checked by the server; the header is verified as
   * CloudAdapter.process does. Any failure to verify it (a forged token, or Bot Framework's keys out of reach) is an
   * AuthenticationError, so the caller answers 401, never 500.
   */
  async processHttpActivity(authorization: string, activity: Activity, logic: Logic) {
    let authenticated: Awaited<ReturnType<BotFrameworkAuthentication['authenticateRequest']>>;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(`The Bot Framework token could not be verified: ${(error as Error).message}`, 401);
    }
    return this.processActivity(authenticated, activity, logic);
  }

  async runActivity(activity: Partial<Activity>, logic: Logic): Promise<Activity[]> {
    const incoming = { ...activity, deliveryMode: 'expectReplies' } as Activity;
    // Our own channel is already authenticated by its token: the turn runs as this bot, with no Bot Framework JWT.
    const response = this.appId
      ? await this.processActivity({ audience: this.appId, claimsIdentity: new ClaimsIdentity([{ type: 'aud', value: this.appId }], true) }, incoming, logic)
      : await this.processActivity('', incoming, logic);
    return (response?.body as { activities?: Activity[] } | undefined)?.activities ?? [];
  }
}

/**
 * Whether the adapter may POST replies to this serviceUrl. With Bot Framework credentials, yes: the caller's token was
 * verified. Without them, only to the hosts in UNAUTHENTICATED_REPLY_HOSTS (the Emulator on this machine), never to an
 * address a caller chose (request forgery): /api/messages then answers in the response body, and an agent's message
 * waits for the merchant's next turn.
 */
export function mayPostReplies(serviceUrl: string | undefined, config: Pick<Config, 'MicrosoftAppId' | 'UNAUTHENTICATED_REPLY_HOSTS'>): boolean {
  if (!serviceUrl) return false;
  if (config.MicrosoftAppId) return true;
  try {
    return config.UNAUTHENTICATED_REPLY_HOSTS.includes(new URL(serviceUrl).hostname);
  } catch {
    return false;
  }
}

export function createAdapter(config: Config): SupportAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  return new SupportAdapter(config.MicrosoftAppId, new ReusingConnectors(new ConfigurationBotFrameworkAuthentication(options)));
}

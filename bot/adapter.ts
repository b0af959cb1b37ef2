import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import { type BotFrameworkAuthentication, ClaimsIdentity } from 'botframework-connector';
import type { Config } from './config.js';
import { ReusingConnectors } from './reusing-connectors.js';

type Logic = (context: TurnContext) => Promise<void>;

/** CloudAdapter that can also run a turn in-process and hand back its replies (our own web channel, eval, bench). */
export class SupportAdapter extends CloudAdapter {
  constructor(private readonly appId: string, auth: BotFrameworkAuthentication) {
    super(auth);
  }

  /** A turn for an activity that came over HTTP, already checked by the server; the header is verified as CloudAdapter.process does. */
  processHttpActivity(authorization: string, activity: Activity, logic: Logic) {
    return this.processActivity(authorization, activity, logic);
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

export function createAdapter(config: Config): SupportAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  return new SupportAdapter(config.MicrosoftAppId, new ReusingConnectors(new ConfigurationBotFrameworkAuthentication(options)));
}

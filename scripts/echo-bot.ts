import { type Activity, ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';

/** CloudAdapter, plus a way to run one activity in-process for the latency baseline. */
class EchoAdapter extends CloudAdapter {
  runActivity(activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity('', activity, logic);
  }
}

/** The benchmark's baseline: a do-nothing botbuilder echo bot, as the botbuilder samples write it. */
export function echoBot() {
  const adapter = new EchoAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  return { adapter, logic: (context: TurnContext) => bot.run(context) };
}

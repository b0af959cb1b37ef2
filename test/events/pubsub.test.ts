import { createInProcessPubSub } from '../../bot/events/pubsub.js';
import { describePubSubContract } from './pubsub-contract.js';

const quiet = () => undefined;

// One process: every "instance" is the same bus.
describePubSubContract('in process', async () => {
  const bus = createInProcessPubSub({ onError: quiet });
  return { open: async () => bus, close: () => bus.close() };
});

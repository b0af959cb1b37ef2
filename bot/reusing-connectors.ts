import {
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';

// Service URLs a bot talks to are few (one per channel region); the bound only matters for made-up ones.
const MAX_CLIENTS = 64;

/**
 * botbuilder builds a new ConnectorClient (a whole Azure HTTP pipeline) and user-token client for every turn, even
 * when the replies go back in the HTTP response. They hold no per-turn state, so one per app id and service URL will do.
 */
export class ReusingConnectors extends BotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reuse(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reuse(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity));
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return remember(this.tokenClients, appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private reuse(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const factory = result.connectorFactory;
    return factory ? { ...result, connectorFactory: this.reusing(factory, appIdOf(result.claimsIdentity)) } : result;
  }

  private reusing(factory: ConnectorFactory, appId: string): ConnectorFactory {
    return new ReusingFactory(factory, appId, this.clients);
  }
}

class ReusingFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: Map<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return remember(this.clients, `${this.appId}|${audience ?? ''}|${serviceUrl}`, () => this.inner.create(serviceUrl, audience));
  }
}

function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue('appid') ?? identity.getClaimValue('azp') ?? identity.getClaimValue('aud') ?? '';
}

function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  const made = make();
  made.catch(() => cache.delete(key));
  cache.set(key, made);
  if (cache.size > MAX_CLIENTS) cache.delete(cache.keys().next().value as string);
  return made;
}

import { createHash, randomBytes } from 'node:crypto';

/**
 * Who may use web mode. Any local process can connect to 127.0.0.1, so
 * nothing is served on connecting alone: the address web mode prints
 * carries a one-time token, and the first request with it gets a session
 * cookie (HttpOnly, so no script reads it; SameSite=Strict, so no other
 * site's request carries it). Every later request, the page and the API
 * alike, must carry that cookie. A token works once; a new one is minted
 * for each browser to admit.
 *
 * Tokens and sessions are kept as SHA-256 digests and looked up by digest,
 * so a lookup's timing says nothing about how much of a guess was right.
 */
export class WebAdmission {
  private readonly tokens = new Set<string>();
  private readonly sessions = new Set<string>();

  constructor(private readonly port: () => number) {}

  /**
   * The session cookie's name carries the port: cookies are not kept apart by
   * port, and two web modes on one machine must not overwrite each other's.
   */
  get cookieName(): string {
    return `demarc-session-${this.port()}`;
  }

  /** A new one-time token, for the address printed to the user. */
  mintToken(): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.add(digest(token));
    return token;
  }

  /** Spends a token: the session value to set as the cookie, or null for a token unknown or already used. */
  redeem(token: string): string | null {
    const key = digest(token);
    if (!this.tokens.delete(key)) return null;
    const session = randomBytes(32).toString('base64url');
    this.sessions.add(digest(session));
    return session;
  }

  /** Whether a request's Cookie header carries a session this server handed out. */
  admits(cookieHeader: string | undefined): boolean {
    const value = cookieValue(cookieHeader, this.cookieName);
    return value !== null && this.sessions.has(digest(value));
  }

  /** The Set-Cookie header for a new session: this browser, this server's pages, never to script. */
  setCookie(session: string): string {
    return `${this.cookieName}=${session}; Path=/; HttpOnly; SameSite=Strict`;
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The value of one cookie in a Cookie header (`a=1; b=2`), or null. */
function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

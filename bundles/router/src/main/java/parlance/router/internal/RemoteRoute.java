package parlance.router.internal;

import parlance.api.stanza.Stanza;

/**
 * The seam for stanzas to domains this server neither serves nor hosts (RFC 6120 §10.4). Today the only
 * implementation answers {@code remote-server-not-found} (§10.4.3 error handling); a server-to-server bundle will
 * take over here.
 */
interface RemoteRoute {
    /** Sends the stanza towards its remote domain, or answers the sender (the {@code origin} session when known) with an error through {@code errors}. */
    void send(parlance.api.session.ClientSession origin, Stanza stanza, StanzaRouter errors);
}

package parlance.router.internal;

import parlance.api.stanza.Stanza;

/**
 * The seam for stanzas to domains this server neither serves nor hosts (RFC 6120 §10.4): the router hands them to
 * the highest-ranked {@link parlance.api.router.RemoteDomains} service (the s2s bundle), or answers
 * {@code remote-server-not-found} (§8.3.3.16) when there is none.
 */
interface RemoteRoute {
    /** Sends the stanza towards its remote domain, or answers the sender (the {@code origin} session when known) with an error through {@code errors}. */
    void send(parlance.api.session.ClientSession origin, Stanza stanza, StanzaRouter errors);
}

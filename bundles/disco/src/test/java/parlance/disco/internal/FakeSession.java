package parlance.disco.internal;

import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;

/** A bound session of {@code jid}; records nothing but its address. */
final class FakeSession implements ClientSession {
    private final Jid jid;

    FakeSession(Jid jid) {
        this.jid = jid;
    }

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public void deliver(Stanza stanza) {
    }

    @Override
    public void close(StreamError error, String text) {
    }

    @Override
    public Stanza presence() {
        return null;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public void setPresence(Stanza presence) {
    }

    @Override
    public boolean isInterested() {
        return false;
    }

    @Override
    public void setInterested(boolean interested) {
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:5000";
    }
}

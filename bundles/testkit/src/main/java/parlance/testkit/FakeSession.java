package parlance.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;

/** A client session that records what the server delivers to it. */
public final class FakeSession implements ClientSession {
    public final Jid jid;
    public final List<Stanza> delivered = new CopyOnWriteArrayList<>();
    public volatile StreamError closedWith;
    public volatile boolean closed;
    private volatile Stanza presence;
    private volatile int priority;
    private volatile boolean interested;

    public FakeSession(String jid) {
        this.jid = TestStanzas.jid(jid);
    }

    /** Makes the session available with a priority, as a presence handler would. */
    public FakeSession available(int prio) {
        setPresence(TestStanzas.presence(jid.toString(), null, null, prio));
        return this;
    }

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public void deliver(Stanza stanza) {
        delivered.add(stanza);
    }

    @Override
    public void close(StreamError error, String text) {
        closed = true;
        closedWith = error;
    }

    @Override
    public Stanza presence() {
        return presence;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public void setPresence(Stanza p) {
        presence = p;
        String text = p == null ? null : p.element().elementTextTrim("priority");
        if (p != null && p.element().attributeValue("type") == null) {
            priority = text == null ? 0 : Integer.parseInt(text);
        }
    }

    @Override
    public boolean isInterested() {
        return interested;
    }

    @Override
    public void setInterested(boolean interested) {
        this.interested = interested;
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:1";
    }

    public Stanza last() {
        return delivered.isEmpty() ? null : delivered.get(delivered.size() - 1);
    }
}

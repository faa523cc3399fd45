package parlance.benchmarks;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;

/** A bound, available client session that only counts what it is given (no socket, no serialisation). */
final class LocalSession implements ClientSession {
    private final Jid jid;
    private Stanza presence;
    private int priority;
    private boolean interested = true;
    long delivered;
    Stanza last;

    LocalSession(Jid jid) {
        this.jid = jid;
        Element p = DocumentHelper.createElement(QName.get("presence", Namespaces.CLIENT));
        p.addAttribute("from", jid.toString());
        setPresence(Stanza.of(p, jid, null)); // available, priority 0 (RFC 6121 §4.7.2.3)
    }

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public void deliver(Stanza stanza) {
        delivered++;
        last = stanza;
    }

    @Override
    public void close(StreamError error, String text) {
        throw new IllegalStateException("session closed: " + error + " " + text);
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
        priority = 0;
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
        return true;
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:40000";
    }
}

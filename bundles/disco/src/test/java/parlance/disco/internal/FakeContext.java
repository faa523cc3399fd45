package parlance.disco.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/** A handler context that records the one reply a handler must give. */
final class FakeContext implements HandlerContext {
    static final String DOMAIN = "example.org";
    static final Jid SERVER = Jid.ofPrepared(null, DOMAIN, null);
    static final Jid JULIET = Jid.ofPrepared("juliet", DOMAIN, "balcony");
    static final Jid ROMEO = Jid.ofPrepared("romeo", DOMAIN, null);

    private final Stanza stanza;
    private final ClientSession origin;
    private final CompletableFuture<Stanza> reply = new CompletableFuture<>();
    private int replies;

    private FakeContext(Stanza stanza, ClientSession origin) {
        this.stanza = stanza;
        this.origin = origin;
    }

    /** An IQ of {@code type} from {@code from}'s local session to {@code to} (may be null) with {@code payload}. */
    static FakeContext iq(String type, Jid from, Jid to, Element payload) {
        Element iq = DocumentHelper.createElement(QName.get("iq", Namespaces.CLIENT));
        iq.addAttribute("type", type);
        iq.addAttribute("id", "q1");
        iq.addAttribute("from", from.toString());
        if (to != null) {
            iq.addAttribute("to", to.toString());
        }
        iq.add(payload);
        return new FakeContext(Stanza.of(iq, from, to), new FakeSession(from));
    }

    static Element query(String namespace) {
        return DocumentHelper.createElement(QName.get("query", namespace));
    }

    @Override
    public Stanza stanza() {
        return stanza;
    }

    @Override
    public ClientSession origin() {
        return origin;
    }

    @Override
    public synchronized void reply(Element child) {
        replies++;
        reply.complete(Stanzas.iqResult(stanza, child));
    }

    @Override
    public synchronized void replyError(StanzaError condition, String text) {
        replies++;
        reply.complete(Stanzas.error(stanza, condition, text));
    }

    @Override
    public void route(Stanza other) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Router router() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }

    /** The reply, waiting at most 5 s for one given asynchronously; fails on none or several. */
    Stanza awaitReply() throws Exception {
        Stanza answer = reply.get(5, TimeUnit.SECONDS);
        synchronized (this) {
            if (replies != 1) {
                throw new AssertionError("expected exactly one reply, got " + replies);
            }
        }
        return answer;
    }

    /** The reply's payload after checking it is a result. */
    Element awaitResult() throws Exception {
        Stanza answer = awaitReply();
        if (!"result".equals(answer.type())) {
            throw new AssertionError("expected a result, got " + answer.element().asXML());
        }
        return answer.payload();
    }

    /** The error condition name of the reply, e.g. {@code item-not-found}; fails on a result. */
    String awaitErrorCondition() throws Exception {
        Stanza answer = awaitReply();
        Element error = answer.element().element("error");
        if (!"error".equals(answer.type()) || error == null) {
            throw new AssertionError("expected an error, got " + answer.element().asXML());
        }
        return ((Element) error.elements().get(0)).getName();
    }
}

package parlance.upload.internal;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The upload service's XMPP side at {@code upload.<domain>}: disco#info with identity {@code store/file}, the
 * feature and the {@code max-file-size} form (XEP-0363 §2), slot requests (§4) with the errors of §4.1 (file too
 * large with {@code <file-too-large/>}, quota with {@code resource-constraint} type wait, as Prosody's
 * mod_http_file_share), empty disco#items, ping. Only accounts of the server's own domain get slots. Never blocks:
 * issuing is in memory; requests that arrive before the stored files are counted wait for that, asynchronously.
 */
final class SlotIq implements HostedService {
    static final String NS = "urn:xmpp:http:upload:0";
    private static final String DATA = "jabber:x:data";

    private final String serverDomain;
    private final String name;
    private final Uploads uploads;
    private final Urls urls;
    private final CompletionStage<?> loaded;
    private final LongSupplier clock;

    SlotIq(String serverDomain, String name, Uploads uploads, Urls urls, CompletionStage<?> loaded,
            LongSupplier clock) {
        this.serverDomain = serverDomain;
        this.name = name;
        this.uploads = uploads;
        this.urls = urls;
        this.loaded = loaded;
        this.clock = clock;
    }

    @Override
    public void receive(Stanza stanza, Router router) {
        if (stanza.from() == null || stanza.to() == null || stanza.isError()) {
            return;
        }
        if (stanza.kind() == Stanza.Kind.MESSAGE) {
            router.route(Stanzas.error(stanza, StanzaError.SERVICE_UNAVAILABLE, null));
            return;
        }
        if (!stanza.isIqRequest()) {
            return;
        }
        Element payload = stanza.payload();
        String ns = payload == null ? "" : payload.getNamespaceURI();
        boolean get = "get".equals(stanza.type());
        if (stanza.to().local() != null || payload == null) {
            router.route(Stanzas.error(stanza, StanzaError.SERVICE_UNAVAILABLE, null));
        } else if (get && Namespaces.DISCO_INFO.equals(ns) && payload.attributeValue("node") == null) {
            router.route(Stanzas.iqResult(stanza, info()));
        } else if (get && Namespaces.DISCO_ITEMS.equals(ns) && payload.attributeValue("node") == null) {
            router.route(Stanzas.iqResult(stanza, DocumentHelper.createElement(QName.get("query", ns))));
        } else if (get && Namespaces.PING.equals(ns)) {
            router.route(Stanzas.iqResult(stanza, null));
        } else if (get && NS.equals(ns) && "request".equals(payload.getName())) {
            loaded.whenComplete((v, e) -> router.route(request(stanza, payload)));
        } else {
            router.route(Stanzas.error(stanza, StanzaError.SERVICE_UNAVAILABLE, null));
        }
    }

    /** XEP-0363 §2: identity, features and the service's limits as an extended disco form (XEP-0128). */
    Element info() {
        Element query = DocumentHelper.createElement(QName.get("query", Namespaces.DISCO_INFO));
        query.addElement(QName.get("identity", Namespaces.DISCO_INFO)).addAttribute("category", "store")
                .addAttribute("type", "file").addAttribute("name", name);
        for (String f : List.of(NS, Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Namespaces.PING)) {
            query.addElement(QName.get("feature", Namespaces.DISCO_INFO)).addAttribute("var", f);
        }
        Element x = query.addElement(QName.get("x", DATA)).addAttribute("type", "result");
        x.addElement(QName.get("field", DATA)).addAttribute("var", "FORM_TYPE").addAttribute("type", "hidden")
                .addElement(QName.get("value", DATA)).setText(NS);
        x.addElement(QName.get("field", DATA)).addAttribute("var", "max-file-size")
                .addElement(QName.get("value", DATA)).setText(Long.toString(uploads.limits().maxFileSize()));
        return query;
    }

    /** XEP-0363 §4: a slot with its PUT and GET URLs, or the §4.1 error. */
    Stanza request(Stanza iq, Element request) {
        Jid from = iq.from();
        if (from.local() == null || !serverDomain.equals(from.domain())) {
            return Stanzas.error(iq, StanzaError.FORBIDDEN, "Only accounts of " + serverDomain + " may upload");
        }
        String filename = request.attributeValue("filename");
        long size;
        try {
            size = Long.parseLong(request.attributeValue("size", "").trim());
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (filename == null || filename.isBlank()) {
            return Stanzas.error(iq, StanzaError.BAD_REQUEST, "The request needs a filename");
        }
        try {
            Slot slot = uploads.issue(from.bare().toString(), filename, size, request.attributeValue("content-type"),
                    clock.getAsLong());
            Element el = DocumentHelper.createElement(QName.get("slot", NS));
            el.addElement(QName.get("put", NS)).addAttribute("url", urls.url(slot.token(), slot.filename()));
            el.addElement(QName.get("get", NS)).addAttribute("url", urls.url(slot.token(), slot.filename()));
            return Stanzas.iqResult(iq, el);
        } catch (Uploads.Refused refused) {
            return refusal(iq, refused);
        }
    }

    private Stanza refusal(Stanza iq, Uploads.Refused refused) {
        switch (refused.reason) {
            case TOO_LARGE: {
                Stanza reply = Stanzas.error(iq, StanzaError.NOT_ACCEPTABLE, refused.getMessage());
                // our own new reply element: the application condition of XEP-0363 §4.1 goes into its <error/>
                reply.element().element("error").addElement(QName.get("file-too-large", NS))
                        .addElement(QName.get("max-file-size", NS))
                        .setText(Long.toString(uploads.limits().maxFileSize()));
                return reply;
            }
            case QUOTA:
                return Stanzas.error(iq, StanzaError.RESOURCE_CONSTRAINT, refused.getMessage());
            default:
                return Stanzas.error(iq, StanzaError.BAD_REQUEST, refused.getMessage());
        }
    }
}

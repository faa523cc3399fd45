package parlance.vcard.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionListener;
import parlance.api.session.SessionManager;
import parlance.api.storage.PrivateStore;

/**
 * The vCards of accounts (XEP-0054), stored with the account's private XML under {@value #KEY}: no space, so no
 * XEP-0049 request ("namespace element") can reach it. For accounts with bound sessions the SHA-1 of the vCard's
 * photo (XEP-0153 §4.1, hex of the decoded BINVAL; empty when the vCard has no photo) is kept in memory for the
 * presence stamp; it is read when the first session binds and forgotten with the last.
 */
@Component(service = {VCards.class, SessionListener.class})
public class VCards implements SessionListener {
    static final String KEY = Ns.VCARD + "#vCard";
    private static final Logger LOG = LoggerFactory.getLogger(VCards.class);

    private final PrivateStore store;
    private final SessionManager sessions;
    private final ConcurrentHashMap<String, String> photoHashes = new ConcurrentHashMap<>();

    @Activate
    public VCards(@Reference PrivateStore store, @Reference SessionManager sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    CompletionStage<Optional<String>> get(String user) {
        return store.get(user, KEY);
    }

    /** Stores a vCard (serialised) and remembers its photo hash. */
    CompletionStage<Void> put(String user, Element vcard) {
        String hash = photoHash(vcard);
        return store.put(user, KEY, vcard.asXML()).thenRun(() -> photoHashes.put(user, hash));
    }

    /** The photo hash of an account with bound sessions: empty for no photo, {@code null} for no vCard (or unknown). */
    String photoHash(String user) {
        return photoHashes.get(user);
    }

    /** XEP-0153 §4.1: hex SHA-1 of the image data; empty when there is no photo or it is not base64. */
    static String photoHash(Element vcard) {
        Element photo = vcard.element(QName.get("PHOTO", Ns.VCARD));
        String binval = photo == null ? null : photo.elementText(QName.get("BINVAL", Ns.VCARD));
        if (binval == null || binval.isBlank()) {
            return "";
        }
        try {
            byte[] image = Base64.getMimeDecoder().decode(binval.trim().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(image));
        } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
            return "";
        }
    }

    @Override
    public void sessionBound(ClientSession session) {
        String user = session.jid().local();
        if (user == null || photoHashes.containsKey(user)) {
            return;
        }
        get(user).whenComplete((xml, e) -> {
            if (e != null) {
                LOG.warn("vCard of {} unavailable: {}", user, e.toString());
            } else if (xml.isPresent()) {
                try {
                    photoHashes.putIfAbsent(user, photoHash(DocumentHelper.parseText(xml.get()).getRootElement()));
                } catch (DocumentException ex) {
                    LOG.warn("Ignoring the unreadable vCard of {}: {}", user, ex.toString());
                }
            }
        });
    }

    @Override
    public void sessionClosed(ClientSession session) {
        boolean others = sessions.sessions(session.jid().bare()).stream().anyMatch(s -> s != session);
        if (!others && session.jid().local() != null) {
            photoHashes.remove(session.jid().local());
        }
    }
}

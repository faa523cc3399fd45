package parlance.archive.internal;

import java.util.Collection;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.Jid;
import parlance.api.handler.MessageInterceptor;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;

/**
 * Where the archive and carbons meet the router (the {@link MessageInterceptor} whiteboard):
 * <ul>
 * <li>inbound: the recipient account's archive writes the message and the delivered copy carries its stanza-id
 * (XEP-0313, XEP-0359);</li>
 * <li>outbound: the sender account's archive writes the message; then the account's other carbons-enabled
 * resources get a {@code <sent/>} copy carrying the sender archive's stanza-id; the message itself is routed
 * without it (the id is the sender's, not the recipient's);</li>
 * <li>delivered: {@code <received/>} copies to the enabled resources that did not get the message (XEP-0280 §6).</li>
 * </ul>
 */
@Component(service = MessageInterceptor.class)
public class AccountMessages implements MessageInterceptor {
    private final MessageArchive archive;
    private final Carbons carbons;

    @Activate
    public AccountMessages(@Reference MessageArchive archive, @Reference Carbons carbons) {
        this.archive = archive;
        this.carbons = carbons;
    }

    @Override
    public CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza message) {
        return archive.inbound(account, message);
    }

    @Override
    public CompletionStage<Stanza> outbound(ClientSession origin, Stanza message) {
        Jid account = origin.jid().bare();
        Stanza clean = Stamps.strip(message, account);
        return archive.outbound(account, clean).thenApply(id -> {
            carbons.sent(origin, id == null ? clean : Stamps.stamp(clean, account, id));
            return clean;
        });
    }

    @Override
    public void delivered(Jid account, Stanza message, Collection<ClientSession> recipients) {
        carbons.received(account, message, recipients);
    }
}

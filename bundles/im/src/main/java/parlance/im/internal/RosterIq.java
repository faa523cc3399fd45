package parlance.im.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.storage.RosterItem;

/**
 * Roster management (RFC 6121 §2): get with versioning (§2.6: an unchanged {@code ver} gets an empty result and
 * later pushes), set to add or update one item (§2.3) or remove it (§2.5, which also ends the subscriptions in
 * both directions, §2.5.2). Every change is pushed to interested resources (§2.1.6).
 */
@Component(service = IqHandler.class, property = {IqHandler.TYPE + "=get", IqHandler.TYPE + "=set",
    IqHandler.NAMESPACE + "=" + Namespaces.ROSTER, IqHandler.ELEMENT + "=query",
    IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT, IqHandler.FEATURE + "=jabber:iq:roster"})
public class RosterIq implements IqHandler {
    /** Longest name or group we keep (§2.3.3 lets the server refuse overlong ones with not-acceptable). */
    static final int MAX_TEXT = 1023;

    private final Rosters rosters;
    private final AddressPreparer addresses;
    private final Subscriptions subscriptions;

    @Activate
    public RosterIq(@Reference Rosters rosters, @Reference AddressPreparer addresses,
            @Reference Subscriptions subscriptions) {
        this.rosters = rosters;
        this.addresses = addresses;
        this.subscriptions = subscriptions;
    }

    @Override
    public void handle(HandlerContext ctx) {
        Stanza iq = ctx.stanza();
        Jid user = iq.from().bare();
        if (iq.to() != null && !iq.to().bare().equals(user)) {
            ctx.replyError(StanzaError.FORBIDDEN, null); // §2.1.3, §2.3.3: only the account's own roster
            return;
        }
        if ("get".equals(iq.type())) {
            get(ctx, user);
        } else {
            set(ctx, user);
        }
    }

    private void get(HandlerContext ctx, Jid user) {
        if (ctx.origin() != null) {
            ctx.origin().setInterested(true); // §2.2: an interested resource from now on
        }
        String clientVer = ctx.stanza().payload().attributeValue("ver");
        rosters.roster(user.local()).whenComplete((roster, error) -> {
            if (error != null) {
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
                return;
            }
            String ver = Long.toString(roster.version());
            if (ver.equals(clientVer)) {
                ctx.reply(null); // §2.6.3: unchanged, changes will come as pushes
                return;
            }
            Element query = RosterXml.query(clientVer == null ? null : ver);
            for (RosterItem item : roster.items()) {
                if (RosterXml.visible(item)) {
                    RosterXml.addItem(query, item);
                }
            }
            ctx.reply(query);
        });
    }

    private void set(HandlerContext ctx, Jid user) {
        List<Element> items = ctx.stanza().payload().elements("item");
        if (items.size() != 1) {
            ctx.replyError(StanzaError.BAD_REQUEST, "A roster set carries exactly one item"); // §2.3.3
            return;
        }
        Element el = items.get(0);
        String jidText = el.attributeValue("jid");
        if (jidText == null) {
            ctx.replyError(StanzaError.BAD_REQUEST, "The item has no jid");
            return;
        }
        Jid contact;
        try {
            contact = addresses.parse(jidText).bare();
        } catch (JidFormatException e) {
            ctx.replyError(StanzaError.JID_MALFORMED, null);
            return;
        }
        if ("remove".equals(el.attributeValue("subscription"))) {
            remove(ctx, user, contact);
            return;
        }
        String name = el.attributeValue("name");
        if (name != null && name.length() > MAX_TEXT) {
            ctx.replyError(StanzaError.NOT_ACCEPTABLE, "Name too long");
            return;
        }
        Set<String> groups = new HashSet<>();
        for (Element g : el.elements("group")) {
            String group = g.getTextTrim();
            if (group.isEmpty() || group.length() > MAX_TEXT) {
                ctx.replyError(StanzaError.NOT_ACCEPTABLE, "Empty or overlong group"); // §2.3.3
                return;
            }
            if (!groups.add(group)) {
                ctx.replyError(StanzaError.BAD_REQUEST, "Duplicate group"); // §2.3.3
                return;
            }
        }
        String newName = name == null || name.isEmpty() ? null : name;
        rosters.update(user.local(), contact, item -> (item == null ? SubscriptionStates.none(contact) : item)
                .withNameAndGroups(newName, groups)).whenComplete((change, error) -> {
                    if (error != null) {
                        ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
                        return;
                    }
                    rosters.push(user, forcePush(change));
                    ctx.reply(null);
                });
    }

    /** §2.5.2: removal cancels both subscriptions (unsubscribe and unsubscribed) before the item goes. */
    private void remove(HandlerContext ctx, Jid user, Jid contact) {
        rosters.update(user.local(), contact, item -> null).whenComplete((change, error) -> {
            if (error != null) {
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
                return;
            }
            RosterItem before = change.before();
            if (before == null) {
                ctx.replyError(StanzaError.ITEM_NOT_FOUND, null); // §2.5.3
                return;
            }
            if (before.subscription().hasTo() || before.pendingOut()) {
                ctx.route(Xml.presence("unsubscribe", user, contact));
            }
            if (before.subscription().hasFrom() || before.pendingIn()) {
                ctx.route(Xml.presence("unsubscribed", user, contact));
                if (before.subscription().hasFrom()) {
                    subscriptions.sendPresence(user, contact, true); // §3.2.2: unavailable from each resource
                }
            }
            rosters.push(user, change);
            if (contact.domain().equals(user.domain()) && contact.local() != null) {
                // a local contact: answer once the cancellations reached it, so that nothing from this removal
                // arrives there after the client went on to its next request
                rosters.barrier(contact.local()).whenComplete((done, ignored) -> ctx.reply(null));
            } else {
                ctx.reply(null);
            }
        });
    }

    /** A roster set the client asked for is pushed even when nothing changed (the client expects the push). */
    private static Rosters.Change forcePush(Rosters.Change change) {
        return change.changed() ? change : new Rosters.Change(null, change.after(), change.version());
    }
}

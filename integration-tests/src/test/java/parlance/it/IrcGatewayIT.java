package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The IRC gateway bundle (XEP-0100) end to end against a real IRC server, Debian's ngIRCd (skipped when it is not
 * installed): the gateway is listed and identifies as gateway/irc; joining before registering is refused with
 * {@code registration-required}; a Smack client registers (XEP-0077 {@code nick}), joins {@code #test} through
 * Smack's MultiUserChat (XEP-0045 §7.2: occupant presence of the IRC user, self-presence with 110), and exchanges
 * groupchat and one-to-one messages with a plain-socket IRC client (RFC 2812 PRIVMSG); the IRC user's AWAY shows as
 * an away occupant (WHO polled every second, RFC 2812 §3.6.1; ngIRCd 26 offers no away-notify) whose away message
 * arrives with 301 RPL_AWAY; subscribing to {@code ircbob@irc.localhost} (XEP-0100 §4.6) is approved and brings
 * its presence (ISON, RFC 2812 §4.9); the IRC user's QUIT is an unavailable occupant presence and an unavailable
 * contact; removing the jar from {@code deploy/} QUITs the gateway's IRC connection, tells
 * the occupant it left (332) and takes the service out of disco#items.
 */
class IrcGatewayIT {
    private static final String ROOM = "#test@irc." + PrivateServer.DOMAIN;

    @Test
    void registerJoinChatBothWaysAndUndeploy() throws Exception {
        assumeTrue(IrcDaemon.installed(), "ngircd (Debian package ngircd) is not installed");
        try (IrcDaemon irc = IrcDaemon.start();
                PrivateServer server = PrivateServer.start("irc", "parlance.irc.host=127.0.0.1",
                        "parlance.irc.port=" + irc.port(), "parlance.irc.away.poll.seconds=1")) {
            server.register("alice");
            XMPPTCPConnection alice = server.login("alice", "desk");
            DomainBareJid gateway = JidCreate.domainBareFrom("irc." + PrivateServer.DOMAIN);
            awaitListed(alice, gateway.toString(), true);
            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(gateway);
            assertTrue(info.hasIdentity("gateway", "irc"), info.toXML().toString());
            assertTrue(info.containsFeature("jabber:iq:register") && info.containsFeature("jabber:iq:gateway")
                    && info.containsFeature("http://jabber.org/protocol/muc"), info.toXML().toString());

            EntityBareJid room = JidCreate.entityBareFrom(ROOM);
            MultiUserChat muc = Muc.muc(alice, room);
            assertEquals(StanzaError.Condition.registration_required,
                    Muc.condition(assertThrows(Exception.class, () -> muc.join(Muc.nick("xalice")))),
                    "XEP-0100 §4: no IRC before registering");

            // XEP-0100 §4.1 / XEP-0077: the form, then the registration; the gateway asks for a subscription
            BlockingQueue<Stanza> fromGateway = new LinkedBlockingQueue<>();
            alice.addSyncStanzaListener(fromGateway::add,
                    new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createBare(gateway)));
            Registration get = new Registration();
            get.setTo(gateway);
            Registration form = alice.sendIqRequestAndWaitForResponse(get);
            assertTrue(form.getAttributes().containsKey("nick"), form.toXML().toString());
            Registration set = new Registration(Map.of("nick", "xalice"));
            set.setType(IQ.Type.set);
            set.setTo(gateway);
            alice.sendIqRequestAndWaitForResponse(set);
            Presence subscribe = (Presence) fromGateway.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            assertEquals(Presence.Type.subscribe, subscribe == null ? null : subscribe.getType());

            try (IrcRawClient bob = new IrcRawClient(irc.port(), "ircbob");
                    Muc.Watch<Presence> presences = Muc.Watch.presences(alice, room);
                    Muc.Watch<Message> messages = Muc.Watch.messages(alice, room)) {
                bob.join("#test");

                // XEP-0045 §7.2 through Smack: the channel's members, then self with 110
                Presence self = muc.join(Muc.nick("xalice"));
                assertTrue(Muc.codes(self).contains(110), self.toXML().toString());
                Presence bobThere = presences.next("ircbob's occupant presence",
                        p -> "ircbob".equals(p.getFrom().getResourceOrEmpty().toString()));
                assertEquals(MUCRole.moderator, Muc.item(bobThere).getRole(), "ircbob opened #test: operator");
                bob.expectMatching("xalice joining", Pattern.compile("^:xalice!\\S+ JOIN :?#test"));

                muc.sendMessage("hello from XMPP");
                String line = bob.expect("the XMPP user's PRIVMSG", "PRIVMSG #test :hello from XMPP");
                assertTrue(line.startsWith(":xalice!"), line);
                bob.send("PRIVMSG #test :hello from IRC");
                Message in = messages.next("ircbob's groupchat", m -> "hello from IRC".equals(m.getBody()));
                assertEquals(ROOM + "/ircbob", in.getFrom().toString());
                assertEquals(Message.Type.groupchat, in.getType());

                // RFC 2812 §4.1 AWAY, seen through WHO (flag G): the occupant's presence becomes away
                bob.send("AWAY :lunch");
                bob.expect("RPL_NOWAWAY", " 306 ");
                Presence away = presences.next("ircbob away", p -> "ircbob".equals(p.getFrom().getResourceOrEmpty()
                        .toString()) && p.getType() == Presence.Type.available && p.getMode() == Presence.Mode.away,
                        15_000);
                assertEquals(MUCRole.moderator, Muc.item(away).getRole(), away.toXML().toString());

                // one to one: nick@gateway <-> PRIVMSG nick
                EntityBareJid bobJid = JidCreate.entityBareFrom("ircbob@" + gateway);
                try (Muc.Watch<Message> direct = Muc.Watch.messages(alice, bobJid)) {
                    alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(bobJid)
                            .ofType(Message.Type.chat).setBody("psst, bob").build());
                    line = bob.expect("the private PRIVMSG", "PRIVMSG ircbob :psst, bob");
                    assertTrue(line.startsWith(":xalice!"), line);
                    bob.send("PRIVMSG xalice :psst back");
                    Message back = direct.next("ircbob's private message", m -> "psst back".equals(m.getBody()));
                    assertEquals(Message.Type.chat, back.getType());
                    assertEquals(bobJid.toString(), back.getFrom().toString());
                }
                // the PRIVMSG to an away user got 301 RPL_AWAY: the away message becomes the occupant's status
                presences.next("ircbob's away message", p -> "ircbob".equals(p.getFrom().getResourceOrEmpty()
                        .toString()) && p.getMode() == Presence.Mode.away && "lunch".equals(p.getStatus()));

                // XEP-0100 §4.6: subscribing to the nick is approved, the contact asks back, and its presence follows
                try (Muc.Watch<Presence> contact = Muc.Watch.presences(alice, bobJid)) {
                    alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(bobJid)
                            .ofType(Presence.Type.subscribe).build());
                    contact.next("subscribed from ircbob", p -> p.getType() == Presence.Type.subscribed);
                    contact.next("ircbob online", p -> p.getType() == Presence.Type.available);
                    bob.send("QUIT :going home");
                    contact.next("ircbob offline after QUIT", p -> p.getType() == Presence.Type.unavailable);
                }

                // the IRC user quit (above): an unavailable occupant presence with the reason
                Presence gone = presences.next("ircbob's unavailable presence",
                        p -> "ircbob".equals(p.getFrom().getResourceOrEmpty().toString())
                                && p.getType() == Presence.Type.unavailable);
                assertTrue(String.valueOf(gone.getStatus()).contains("going home"), gone.toXML().toString());
            }

            // hot deploy: the jar leaves, the IRC connection QUITs, the occupant is told, disco forgets
            try (IrcRawClient carol = new IrcRawClient(irc.port(), "irccarol");
                    Muc.Watch<Presence> presences = Muc.Watch.presences(alice, room)) {
                carol.join("#test");
                Files.delete(server.home().resolve("deploy/parlance-irc.jar"));
                carol.expectMatching("the gateway's QUIT", Pattern.compile("^:xalice!\\S+ QUIT"));
                Presence left = presences.next("self unavailable, 332", p -> p.getType() == Presence.Type.unavailable
                        && "xalice".equals(p.getFrom().getResourceOrEmpty().toString()), 15_000);
                assertTrue(Muc.codes(left).contains(332), left.toXML().toString());
                awaitListed(alice, gateway.toString(), false);
            }
        }
    }

    /** Waits (bounded) until the server's disco#items lists {@code domain}, or no longer does. */
    private static void awaitListed(XMPPTCPConnection c, String domain, boolean listed) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (Muc.serverItems(c).contains(domain) != listed) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(domain + (listed ? " never listed" : " still listed") + " in disco#items: "
                        + Muc.serverItems(c));
            }
            Thread.sleep(200);
        }
    }
}

package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.it.PubSubs.ids;
import static parlance.it.PubSubs.item;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mood.Mood;
import org.jivesoftware.smackx.mood.MoodManager;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.form.ConfigureForm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jxmpp.jid.DomainBareJid;

/**
 * The PubSub bundle is an optional feature an admin takes out and puts back at runtime (README, Hot deploy): with
 * PEP items (a mood, XEP-0107; a bookmark, XEP-0402) and a node of {@code pubsub.localhost} with items, deleting
 * {@code <home>/deploy/parlance-pubsub.jar} removes the service within the 2 s of the hot-deploy contract, PEP
 * requests get an error and 1:1 chat is untouched; copying the jar back brings the service, the PEP items, and
 * the node with its configuration and items (stored data survives the cycle). The timings are printed.
 */
@Tag("hot-deploy")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PubSubHotDeployIT {
    static final long CONTRACT_MILLIS = 2000;
    static final String JAR = "parlance-pubsub.jar";
    static final String MOOD = "http://jabber.org/protocol/mood";
    static final DomainBareJid SERVICE = PubSubs.service(PrivateServer.DOMAIN);

    @Test
    @DisplayName("removing parlance-pubsub.jar ends PubSub and PEP but not 1:1 chat; putting it back restores the data")
    void removeAndRestore() throws Exception {
        try (PrivateServer server = PrivateServer.start("pubsub-hotdeploy")) {
            Path deployed = server.home().resolve("deploy").resolve(JAR);
            assertTrue(Files.isRegularFile(deployed), "the first start seeds deploy/" + JAR);
            Path spare = server.home().resolve(JAR + ".spare");
            Files.copy(deployed, spare);
            server.register("alice");
            server.register("bob");
            XMPPTCPConnection alice = server.login("alice", "desk");
            XMPPTCPConnection bob = server.login("bob", "phone");

            MoodManager.getInstanceFor(alice).setMood(Mood.happy, "before the cycle");
            PubSubs.send(alice, null, IQ.Type.set, PubSubs.publishWithOptions(PubSubIT.BOOKMARKS,
                    "room@conference.localhost", PubSubIT.bookmark("room@conference.localhost"),
                    Map.of("pubsub#persist_items", "true", "pubsub#max_items", "max",
                            "pubsub#access_model", "whitelist")));
            String node = PubSubs.newNode("survivor");
            LeafNode leaf = PubSubs.create(alice, node, f -> {
                f.setTitle("Survives hot deploy");
                f.setMaxItems(7);
                f.setAccessModel(AccessModel.open);
            });
            leaf.publish(item("s1", "first"));
            leaf.publish(item("s2", "second"));
            MucHotDeployIT.assertOneToOneChat(alice, bob, "before");

            long t0 = System.nanoTime();
            Files.delete(deployed);
            long gone = awaitService(alice, false, t0);
            XMPPErrorException refused = org.junit.jupiter.api.Assertions.assertThrows(XMPPErrorException.class,
                    () -> PubSubs.send(alice, null, IQ.Type.set, PubSubs.publishWithOptions(MOOD, "x",
                            org.jivesoftware.smack.packet.StandardExtensionElement.builder("mood", MOOD)
                                    .addElement("sad", "").build(), Map.of())));
            long pepRefused = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(Set.of(Condition.service_unavailable, Condition.feature_not_implemented)
                    .contains(refused.getStanzaError().getCondition()), refused.getStanzaError().toString());
            System.out.printf("pubsub hot deploy: jar deleted -> service gone from disco#items %d ms, "
                    + "PEP publish refused (%s) %d ms%n", gone, refused.getStanzaError().getCondition(), pepRefused);
            MucHotDeployIT.assertOneToOneChat(alice, bob, "while PubSub is away");

            long t1 = System.nanoTime();
            MucHotDeployIT.putBack(spare, deployed);
            long back = awaitService(alice, true, t1);
            System.out.printf("pubsub hot deploy: jar copied back -> service in disco#items %d ms%n", back);

            LeafNode again = PubSubManager.getInstanceFor(bob, SERVICE).getLeafNode(node);
            ConfigureForm config = PubSubManager.getInstanceFor(alice, SERVICE).getLeafNode(node).getNodeConfiguration();
            assertEquals("Survives hot deploy", config.readFirstValue("pubsub#title"), "the node's configuration came back");
            assertEquals(7, config.getMaxItems());
            assertEquals(Set.of("s1", "s2"), Set.copyOf(ids(again.getItems())), "the node's items came back");

            PubSubManager pep = PubSubManager.getInstanceFor(alice, alice.getUser().asBareJid());
            List<PayloadItem<?>> moods = pep.getLeafNode(MOOD).getItems();
            assertEquals(1, moods.size());
            assertTrue(moods.get(0).toXML().toString().contains("before the cycle"), moods.get(0).toXML().toString());
            assertEquals(List.of("room@conference.localhost"), ids(pep.getLeafNode(PubSubIT.BOOKMARKS).getItems()),
                    "the bookmark came back");
            assertEquals(AccessModel.whitelist,
                    pep.getLeafNode(PubSubIT.BOOKMARKS).getNodeConfiguration().getAccessModel());
            System.out.printf("pubsub hot deploy: data read back %d ms after the jar was copied%n",
                    (System.nanoTime() - t1) / 1_000_000);
            MucHotDeployIT.assertOneToOneChat(alice, bob, "after");
        }
    }

    /** Polls the server's disco#items until pubsub.localhost is (or is not) listed; returns the ms since t0. */
    static long awaitService(XMPPConnection c, boolean present, long t0) throws Exception {
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(CONTRACT_MILLIS);
        List<String> items = Muc.serverItems(c);
        while (items.contains(SERVICE.toString()) != present) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pubsub.localhost was " + (present ? "not back" : "still listed") + " in "
                        + CONTRACT_MILLIS + " ms: " + items);
            }
            Thread.sleep(20);
            items = Muc.serverItems(c);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

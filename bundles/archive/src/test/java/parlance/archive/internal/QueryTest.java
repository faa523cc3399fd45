package parlance.archive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** Archive queries (XEP-0313 §4, §5) with XEP-0059 paging, as a client sees them. */
class QueryTest {
    private Harness h;
    private FakeSession juliet;
    private FakeSession romeo;
    private FakeSession nurse;

    @BeforeEach
    void setUp() throws Exception {
        h = new Harness("always", 4);
        juliet = h.login("juliet@example.org/balcony", 1);
        romeo = h.login("romeo@example.org/orchard", 1);
        nurse = h.login("nurse@example.org/kitchen", 1);
        for (int i = 1; i <= 6; i++) {
            h.chat(i == 3 ? nurse : romeo, "juliet@example.org", "m" + i);
            int n = i; // two senders' messages have no order between them: wait for each
            Harness.await(() -> Harness.bodies(juliet).size() == n);
        }
        juliet.delivered.clear();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    /** What one query returned: the forwarded bodies, and the {@code <fin/>}. */
    private record Answer(List<String> bodies, List<String> ids, Element fin, Stanza iq) {
        String first() {
            return fin.element("set").elementText("first");
        }

        String last() {
            return fin.element("set").elementText("last");
        }

        boolean complete() {
            return "true".equals(fin.attributeValue("complete"));
        }

        String count() {
            return fin.element("set").elementText("count");
        }
    }

    private Answer query(String queryId, String with, String max, String after, String before, String... ids) {
        juliet.delivered.clear();
        Stanza iq = TestStanzas.iq("juliet@example.org/balcony", null, "set", Ns.MAM, "query");
        Element query = iq.element().element("query");
        if (queryId != null) {
            query.addAttribute("queryid", queryId);
        }
        Element form = query.addElement("x", Ns.DATA).addAttribute("type", "submit");
        form.addElement("field", Ns.DATA).addAttribute("var", "FORM_TYPE").addElement("value", Ns.DATA)
                .setText(Ns.MAM);
        if (with != null) {
            form.addElement("field", Ns.DATA).addAttribute("var", "with").addElement("value", Ns.DATA).setText(with);
        }
        if (ids.length > 0) {
            Element f = form.addElement("field", Ns.DATA).addAttribute("var", "ids");
            for (String id : ids) {
                f.addElement("value", Ns.DATA).setText(id);
            }
        }
        Element set = query.addElement("set", Ns.RSM);
        if (max != null) {
            set.addElement("max", Ns.RSM).setText(max);
        }
        if (after != null) {
            set.addElement("after", Ns.RSM).setText(after);
        }
        if (before != null) {
            set.addElement("before", Ns.RSM).setText(before);
        }
        h.send(juliet, iq);
        Harness.await(() -> juliet.last() != null && juliet.last().kind() == Stanza.Kind.IQ);
        List<String> bodies = new ArrayList<>();
        List<String> resultIds = new ArrayList<>();
        for (Stanza s : juliet.delivered) {
            Element result = s.element().element(QName.get("result", Ns.MAM));
            if (result != null) {
                assertEquals(queryId, result.attributeValue("queryid"));
                assertEquals("juliet@example.org", s.element().attributeValue("from"));
                Element forwarded = result.element(QName.get("forwarded", Ns.FORWARD));
                assertTrue(forwarded.element("delay").attributeValue("stamp").startsWith("2026-01-01T"));
                bodies.add(forwarded.element("message").elementText("body"));
                resultIds.add(result.attributeValue("id"));
            }
        }
        Stanza last = juliet.last();
        return new Answer(bodies, resultIds, last.element().element(QName.get("fin", Ns.MAM)), last);
    }

    @Test
    void pagesForwardWithAfterUntilComplete() {
        Answer first = query("q1", null, "2", null, null);
        assertEquals(List.of("m1", "m2"), first.bodies);
        assertEquals("6", first.count());
        assertTrue(!first.complete());
        assertEquals(first.ids.get(0), first.first());
        Answer second = query("q2", null, "2", first.last(), null);
        assertEquals(List.of("m3", "m4"), second.bodies);
        Answer third = query("q3", null, "2", second.last(), null);
        assertEquals(List.of("m5", "m6"), third.bodies);
        assertTrue(third.complete());
    }

    @Test
    void emptyBeforeAsksForTheLastPageAndBeforePagesBackToTheStart() {
        Answer last = query(null, null, "4", null, "");
        assertEquals(List.of("m3", "m4", "m5", "m6"), last.bodies);
        assertTrue(!last.complete());
        Answer earlier = query(null, null, "4", null, last.first());
        assertEquals(List.of("m1", "m2"), earlier.bodies);
        assertTrue(earlier.complete(), "the first page of a backward query is complete");
    }

    @Test
    void theServerCapsThePageAndWithFiltersByPartner() {
        Answer capped = query(null, null, "100", null, null);
        assertEquals(4, capped.bodies.size(), "max_page is 4");
        Answer nurseOnly = query(null, "nurse@example.org", null, null, null);
        assertEquals(List.of("m3"), nurseOnly.bodies);
        assertTrue(nurseOnly.complete());
        Answer fullJid = query(null, "romeo@example.org/orchard", "10", null, null);
        assertEquals(List.of("m1", "m2", "m4", "m5"), fullJid.bodies);
        assertEquals("5", fullJid.count());
    }

    @Test
    void idsFetchExactlyThoseMessagesAndTheStanzaIdsMatch() {
        Answer all = query(null, null, null, null, null);
        Answer some = query(null, null, null, null, null, all.ids.get(3), all.ids.get(0));
        assertEquals(List.of("m4", "m1"), some.bodies);
        assertTrue(some.complete());
        Answer unknown = query(null, null, null, null, null, "nope");
        assertEquals("item-not-found", TestStanzas.condition(unknown.iq));
    }

    @Test
    void anUnknownRsmIdIsItemNotFoundAndTheFormIsOffered() {
        Answer unknown = query(null, null, "2", "not-an-id", null);
        assertEquals("item-not-found", TestStanzas.condition(unknown.iq));
        assertNull(unknown.fin);

        juliet.delivered.clear();
        h.send(juliet, TestStanzas.iq("juliet@example.org/balcony", null, "get", Ns.MAM, "query"));
        Harness.await(() -> juliet.last() != null);
        Element form = juliet.last().element().element("query").element("x");
        List<String> vars = new ArrayList<>();
        form.elements("field").forEach(f -> vars.add(((Element) f).attributeValue("var")));
        assertEquals(List.of("FORM_TYPE", "with", "start", "end", "after-id", "before-id", "ids"), vars);
    }
}

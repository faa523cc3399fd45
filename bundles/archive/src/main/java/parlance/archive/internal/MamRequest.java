package parlance.archive.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.storage.ArchiveQuery;

/**
 * One parsed archive query (XEP-0313 §4): the form fields {@code with}, {@code start}, {@code end} (§4.1) and the
 * extended ones of urn:xmpp:mam:2#extended {@code after-id}, {@code before-id}, {@code ids} and
 * {@code <flip-page/>} (§4.1.3, §4.1.4, §5.1.2); XEP-0059 {@code <set/>} with {@code max}, {@code after} and
 * {@code before} (empty: the last page). {@code max} is capped by the server's page size. An RSM cursor wins over
 * {@code after-id}/{@code before-id} when both are given (the cursor moves on from where the filter started).
 */
record MamRequest(String queryId, ArchiveQuery query, List<String> ids, boolean flip) {
    static final String[][] FIELDS = {{"with", "jid-single"}, {"start", "text-single"}, {"end", "text-single"},
        {"after-id", "text-single"}, {"before-id", "text-single"}, {"ids", "text-multi"}};

    /**
     * @param prepare prepares the {@code with} address; throws {@link IllegalArgumentException} when invalid
     * @throws IllegalArgumentException for a malformed request (answered {@code bad-request})
     */
    static MamRequest parse(Element query, int maxPage, UnaryOperator<String> prepare) {
        Map<String, List<String>> values = Forms.values(query);
        String formType = Forms.single(values, "FORM_TYPE");
        if (formType != null && !Ns.MAM.equals(formType)) {
            throw new IllegalArgumentException("unknown FORM_TYPE " + formType);
        }
        String with = Forms.single(values, "with");
        if (with != null) {
            with = prepare.apply(with);
        }
        int max = maxPage;
        String after = Forms.single(values, "after-id");
        String before = Forms.single(values, "before-id");
        Element set = query.element(QName.get("set", Ns.RSM));
        if (set != null) {
            String m = set.elementTextTrim(QName.get("max", Ns.RSM));
            if (m != null) {
                try {
                    max = Math.min(maxPage, Math.max(0, Integer.parseInt(m)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("max is no number");
                }
            }
            String rsmAfter = set.elementTextTrim(QName.get("after", Ns.RSM));
            after = rsmAfter != null && !rsmAfter.isEmpty() ? rsmAfter : after;
            Element b = set.element(QName.get("before", Ns.RSM));
            before = b != null ? b.getTextTrim() : before;
        }
        List<String> ids = values.getOrDefault("ids", List.of());
        if (ids.size() > maxPage) {
            throw new IllegalArgumentException("more than " + maxPage + " ids");
        }
        boolean flip = query.element(QName.get("flip-page", Ns.MAM)) != null;
        return new MamRequest(query.attributeValue("queryid"), new ArchiveQuery(instant(Forms.single(values,
                "start")), instant(Forms.single(values, "end")), with, after, before, max), List.copyOf(ids), flip);
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant(); // XEP-0082 DateTime
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad timestamp " + value);
        }
    }
}

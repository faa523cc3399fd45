package parlance.pubsub.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dom4j.Element;

/**
 * A leaf node's configuration (XEP-0060 §8.2, the {@code pubsub#node_config} form of §16.4.4): the supported
 * fields with their types, options and defaults (different for PEP, XEP-0163 §4), validation of submitted
 * values and the publish-options preconditions of §7.1.5. Values are kept normalised (booleans as 1/0,
 * {@code max_items=max} as the service's limit) so that stored, advertised and compared values agree.
 */
final class NodeConfig {
    static final String ACCESS = "pubsub#access_model";
    static final String PUBLISH_MODEL = "pubsub#publish_model";
    static final String MAX_ITEMS = "pubsub#max_items";
    static final String PERSIST = "pubsub#persist_items";
    static final String DELIVER_PAYLOADS = "pubsub#deliver_payloads";
    static final String DELIVER_NOTIFICATIONS = "pubsub#deliver_notifications";
    static final String SEND_LAST = "pubsub#send_last_published_item";
    static final String NOTIFY_RETRACT = "pubsub#notify_retract";
    static final String NOTIFY_DELETE = "pubsub#notify_delete";
    static final String NOTIFY_CONFIG = "pubsub#notify_config";
    static final String GROUPS = "pubsub#roster_groups_allowed";
    static final String MAX_PAYLOAD = "pubsub#max_payload_size";
    static final String NOTIFICATION_TYPE = "pubsub#notification_type";
    static final String TITLE = "pubsub#title";

    /** One field of the form: its type and, for list fields, the allowed values. */
    record Field(String var, String type, String label, List<String> options) {
    }

    static final List<Field> FIELDS = List.of(
            new Field(TITLE, "text-single", "A friendly name for the node", List.of()),
            new Field("pubsub#type", "text-single", "Payload type", List.of()),
            new Field(ACCESS, "list-single", "Access model",
                    List.of("authorize", "open", "presence", "roster", "whitelist")),
            new Field(GROUPS, "list-multi", "Roster groups allowed to subscribe", List.of()),
            new Field(PUBLISH_MODEL, "list-single", "Publisher model", List.of("publishers", "subscribers", "open")),
            new Field(MAX_ITEMS, "text-single", "Max # of items to persist", List.of()),
            new Field(PERSIST, "boolean", "Persist items to storage", List.of()),
            new Field(DELIVER_PAYLOADS, "boolean", "Deliver payloads with event notifications", List.of()),
            new Field(DELIVER_NOTIFICATIONS, "boolean", "Deliver event notifications", List.of()),
            new Field(NOTIFY_CONFIG, "boolean", "Notify subscribers when the configuration changes", List.of()),
            new Field(NOTIFY_DELETE, "boolean", "Notify subscribers when the node is deleted", List.of()),
            new Field(NOTIFY_RETRACT, "boolean", "Notify subscribers when items are removed", List.of()),
            new Field("pubsub#notify_sub", "boolean", "Notify owners about new subscribers", List.of()),
            new Field("pubsub#subscribe", "boolean", "Whether to allow subscriptions", List.of()),
            new Field("pubsub#presence_based_delivery", "boolean", "Only to available users", List.of()),
            new Field("pubsub#purge_offline", "boolean", "Purge items when the publisher goes offline", List.of()),
            new Field(MAX_PAYLOAD, "text-single", "Max payload size in bytes", List.of()),
            new Field(SEND_LAST, "list-single", "When to send the last published item",
                    List.of("never", "on_sub", "on_sub_and_presence")),
            new Field(NOTIFICATION_TYPE, "list-single", "Message type of notifications", List.of("normal", "headline")),
            new Field("pubsub#itemreply", "list-single", "Whom replies go to", List.of("owner", "publisher")));

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final int limit;

    private NodeConfig(int limit) {
        this.limit = limit;
    }

    /** The defaults of a new node: XEP-0163 §4 for PEP (presence access, one item), open access otherwise. */
    static NodeConfig defaults(Settings settings, boolean pep) {
        NodeConfig c = new NodeConfig(settings.maxItemsPerNode());
        c.put(TITLE, "");
        c.put("pubsub#type", "");
        c.put(ACCESS, pep ? "presence" : settings.defaultAccessModel());
        c.values.put(GROUPS, List.of());
        c.put(PUBLISH_MODEL, "publishers");
        c.put(MAX_ITEMS, Integer.toString(Math.min(pep ? 1 : settings.defaultMaxItems(), c.limit)));
        c.put(PERSIST, "1");
        c.put(DELIVER_PAYLOADS, "1");
        c.put(DELIVER_NOTIFICATIONS, "1");
        c.put(NOTIFY_CONFIG, "0");
        c.put(NOTIFY_DELETE, "1");
        c.put(NOTIFY_RETRACT, "1");
        c.put("pubsub#notify_sub", "0");
        c.put("pubsub#subscribe", "1");
        c.put("pubsub#presence_based_delivery", "0");
        c.put("pubsub#purge_offline", "0");
        c.put(MAX_PAYLOAD, Integer.toString(settings.maxPayloadSize()));
        c.put(SEND_LAST, pep ? "on_sub_and_presence" : "on_sub");
        c.put(NOTIFICATION_TYPE, "headline");
        c.put("pubsub#itemreply", "owner");
        return c;
    }

    private void put(String var, String value) {
        values.put(var, List.of(value));
    }

    NodeConfig copy() {
        NodeConfig c = new NodeConfig(limit);
        c.values.putAll(values);
        return c;
    }

    String get(String var) {
        List<String> v = values.get(var);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    boolean is(String var) {
        return Ns.isTrue(get(var));
    }

    String accessModel() {
        return get(ACCESS);
    }

    List<String> groups() {
        return values.getOrDefault(GROUPS, List.of());
    }

    int maxItems() {
        try {
            return Integer.parseInt(get(MAX_ITEMS));
        } catch (NumberFormatException e) {
            return limit;
        }
    }

    int maxPayloadSize() {
        try {
            return Integer.parseInt(get(MAX_PAYLOAD));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * Applies submitted values (§8.2.4); unknown fields are ignored. Returns {@code null}, or why a value is not
     * acceptable (§8.2.5.3), in which case nothing was changed.
     */
    String apply(Map<String, List<String>> submitted) {
        Map<String, List<String>> accepted = new LinkedHashMap<>();
        for (Field f : FIELDS) {
            List<String> v = submitted.get(f.var());
            if (v == null) {
                continue;
            }
            List<String> normal = normalise(f, v);
            if (normal == null) {
                return "invalid value for " + f.var();
            }
            accepted.put(f.var(), normal);
        }
        values.putAll(accepted);
        return null;
    }

    /** The first field whose submitted value differs from this configuration (§7.1.5), or {@code null}. */
    String mismatch(Map<String, List<String>> preconditions) {
        for (Field f : FIELDS) {
            List<String> v = preconditions.get(f.var());
            if (v == null) {
                continue;
            }
            List<String> normal = normalise(f, v);
            if (normal == null || !normal.equals(values.getOrDefault(f.var(), List.of()))) {
                return f.var();
            }
        }
        return null;
    }

    private List<String> normalise(Field f, List<String> v) {
        if ("list-multi".equals(f.type())) {
            return List.copyOf(v);
        }
        String value = v.isEmpty() ? "" : v.get(0).trim();
        switch (f.type()) {
            case "boolean":
                if (!List.of("0", "1", "true", "false").contains(value)) {
                    return null;
                }
                return List.of(Ns.isTrue(value) ? "1" : "0");
            case "list-single":
                return f.options().contains(value) ? List.of(value) : null;
            default:
                break;
        }
        if (MAX_ITEMS.equals(f.var())) {
            if ("max".equals(value)) {
                return List.of(Integer.toString(limit));
            }
            Integer n = number(value);
            return n == null || n < 1 || n > limit ? null : List.of(value);
        }
        if (MAX_PAYLOAD.equals(f.var())) {
            Integer n = number(value);
            return n == null || n < 1 ? null : List.of(value);
        }
        return List.of(value);
    }

    private static Integer number(String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The configuration as a {@code pubsub#node_config} form (§8.2.1) of the given type (form or submit). */
    Element form(String type) {
        Element x = Forms.form(type, Ns.NODE_CONFIG);
        for (Field f : FIELDS) {
            List<String> v = values.getOrDefault(f.var(), List.of());
            Element field = Forms.field(x, f.var(), "form".equals(type) ? f.type() : null,
                    "form".equals(type) ? f.label() : null, v.toArray(String[]::new));
            if ("form".equals(type)) {
                Forms.options(field, f.options());
            }
        }
        return x;
    }

    /** Reads a stored configuration (a submitted form) over the defaults. */
    static NodeConfig read(Element form, NodeConfig defaults) {
        NodeConfig c = defaults.copy();
        c.values.putAll(Forms.values(form));
        c.values.remove("FORM_TYPE");
        return c;
    }
}

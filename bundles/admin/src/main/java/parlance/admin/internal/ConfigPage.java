package parlance.admin.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parlance.admin.internal.Operations.OperationException;

/**
 * The configuration page ({@code GET /admin/config}, template {@code config}) and its form
 * ({@code POST /admin/config/save}): one form per PID, an input per attribute holding the value set in the file
 * (empty: the default, shown as placeholder); overridden attributes are shown read-only.
 */
final class ConfigPage {
    private ConfigPage() {
    }

    static Map<String, Object> model(ConfigCatalog catalog) {
        Map<String, Object> m = new HashMap<>();
        m.put("etc", catalog.etc().toString());
        List<Map<String, Object>> pids = new ArrayList<>();
        try {
            for (Map<String, Object> pid : catalog.list()) {
                Map<String, Object> row = new HashMap<>(pid);
                String anchor = "pid-" + ((String) pid.get("pid")).replace('.', '-');
                row.put("anchor", anchor);
                List<Map<String, Object>> attrs = new ArrayList<>();
                for (Object o : (List<?>) pid.get("attributes")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> a = new HashMap<>((Map<String, Object>) o);
                    String value = (String) a.getOrDefault("fileValue", "");
                    a.put("value", value);
                    a.put("inputId", anchor + "-" + ((String) a.get("id")).replace('.', '-'));
                    Object options = a.get("options");
                    if (options instanceof List<?> list && !list.isEmpty()) {
                        List<Map<String, Object>> opts = new ArrayList<>();
                        for (Object opt : list) {
                            opts.add(Map.of("value", opt, "selected", opt.equals(value)));
                        }
                        a.put("choices", opts);
                        a.put("hasChoices", true);
                    }
                    attrs.add(a);
                }
                row.put("attributes", attrs);
                pids.add(row);
            }
        } catch (OperationException e) {
            m.put("loadError", e.getMessage());
        }
        m.put("configurations", pids);
        return m;
    }

    /** Saves the form of one PID; the message to show. */
    static String save(ConfigCatalog catalog, Web w) throws OperationException {
        String pid = w.param("pid");
        Map<String, Object> current = pid == null ? null : catalog.get(pid.trim());
        if (current == null) {
            throw new OperationException(404, "no configuration " + pid);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Object o : (List<?>) current.get("attributes")) {
            Map<?, ?> a = (Map<?, ?>) o;
            String id = (String) a.get("id");
            String v = w.param(id);
            if (v != null && !Boolean.TRUE.equals(a.get("overridden"))) {
                values.put(id, v);
            }
        }
        catalog.save(pid.trim(), values);
        return "Saved " + catalog.etc().resolve(pid.trim() + ".cfg") + "; the server applies it within a second.";
    }
}

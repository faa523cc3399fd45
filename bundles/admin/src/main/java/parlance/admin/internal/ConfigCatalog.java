package parlance.admin.internal;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import parlance.admin.internal.Operations.OperationException;

/**
 * The {@code parlance.*} component configurations as MetaType describes them (OSGi Compendium §105), with their
 * current values from ConfigurationAdmin (§104), and edits written to {@code <home>/etc/<pid>.cfg}, which the boot
 * bundle applies live. A key set by a system property {@code -D<pid>.<key>} (or {@code -Dparlance.<key>} for PID
 * {@code parlance.server}) wins over the file, so it is shown read-only and cannot be edited here.
 */
final class ConfigCatalog {
    static final String SERVER_PID = "parlance.server";
    private static final String[] TYPES = {"", "String", "Long", "Integer", "Short", "Character", "Byte", "Double",
        "Float", "BigInteger", "BigDecimal", "Boolean", "Password"};

    private final BundleContext context;
    private final Supplier<MetaTypeService> metatype;
    private final Supplier<ConfigurationAdmin> configAdmin;
    private final Path etc;
    private final Function<String, String> systemProperty;

    ConfigCatalog(BundleContext context, Supplier<MetaTypeService> metatype, Supplier<ConfigurationAdmin> configAdmin,
            Path etc, Function<String, String> systemProperty) {
        this.context = context;
        this.metatype = metatype;
        this.configAdmin = configAdmin;
        this.etc = etc;
        this.systemProperty = systemProperty;
    }

    Path etc() {
        return etc;
    }

    /** Every {@code parlance.*} PID with a MetaType description, by PID. */
    List<Map<String, Object>> list() throws OperationException {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Map.Entry<String, ObjectClassDefinition> e : definitions().entrySet()) {
            out.put(e.getKey(), describe(e.getKey(), e.getValue()));
        }
        return new ArrayList<>(out.values());
    }

    /** One PID, or {@code null} when MetaType does not describe it. */
    Map<String, Object> get(String pid) throws OperationException {
        ObjectClassDefinition ocd = definitions().get(pid);
        return ocd == null ? null : describe(pid, ocd);
    }

    /**
     * Validates {@code values} (key → new value; blank or {@code null}: back to the default) and rewrites
     * {@code <pid>.cfg}; 404 for an unknown PID, 400 listing every invalid or overridden key.
     */
    synchronized Map<String, Object> save(String pid, Map<String, String> values) throws OperationException {
        ObjectClassDefinition ocd = definitions().get(pid);
        if (ocd == null) {
            throw new OperationException(404, "no configuration " + pid);
        }
        List<ConfigAttribute> attributes = attributes(ocd);
        Map<String, String> errors = new LinkedHashMap<>(ConfigFileEditor.validate(attributes, values));
        for (String key : values.keySet()) {
            String property = overrideProperty(pid, key);
            if (property != null && systemProperty.apply(property) != null) {
                errors.put(key, "set by the system property -D" + property + ", which wins over the file");
            }
        }
        if (!errors.isEmpty()) {
            StringBuilder sb = new StringBuilder("Not saved: ");
            errors.forEach((k, v) -> sb.append(sb.length() > 11 ? "; " : "").append(k).append(' ').append(v));
            throw new OperationException(400, sb.toString());
        }
        Path file = etc.resolve(pid + ".cfg");
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8)
                    : "# " + pid + ": " + ocd.getName() + "\n";
            String updated = ConfigFileEditor.rewrite(text, attributes, values);
            Files.createDirectories(etc);
            Path tmp = etc.resolve("." + pid + ".cfg.tmp");
            Files.writeString(tmp, updated, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OperationException(500, "cannot write " + file + ": " + e.getMessage());
        }
        return describe(pid, ocd);
    }

    /** The system property that overrides {@code key} of {@code pid} (the boot bundle's rule). */
    static String overrideProperty(String pid, String key) {
        return SERVER_PID.equals(pid) && key.indexOf('.') < 0 ? "parlance." + key : pid + "." + key;
    }

    private Map<String, ObjectClassDefinition> definitions() throws OperationException {
        MetaTypeService mts = metatype.get();
        if (mts == null) {
            throw new OperationException(503, "the MetaType service is not running");
        }
        Map<String, ObjectClassDefinition> out = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info = mts.getMetaTypeInformation(b);
            if (info == null) {
                continue;
            }
            for (String pid : info.getPids()) {
                if (pid.startsWith("parlance.")) {
                    try {
                        out.put(pid, info.getObjectClassDefinition(pid, null));
                    } catch (IllegalArgumentException e) {
                        // no definition for this PID after all
                    }
                }
            }
        }
        return out;
    }

    static List<ConfigAttribute> attributes(ObjectClassDefinition ocd) {
        List<ConfigAttribute> out = new ArrayList<>();
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
            int t = ad.getType();
            String[] defaults = ad.getDefaultValue();
            String[] options = ad.getOptionValues();
            out.add(new ConfigAttribute(ad.getID(), ad.getName() == null ? ad.getID() : ad.getName(),
                    ad.getDescription() == null ? "" : ad.getDescription(),
                    t > 0 && t < TYPES.length ? TYPES[t] : "String",
                    defaults == null ? "" : String.join(",", defaults),
                    options == null ? List.of() : Arrays.asList(options), ad::validate));
        }
        return out;
    }

    private Map<String, Object> describe(String pid, ObjectClassDefinition ocd) {
        Map<String, Object> current = current(pid);
        Map<String, String> file = fileValues(pid);
        List<Map<String, Object>> attrs = new ArrayList<>();
        for (ConfigAttribute a : attributes(ocd)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("name", a.name());
            m.put("description", a.description());
            m.put("type", a.type());
            m.put("default", a.defaultValue());
            if (!a.options().isEmpty()) {
                m.put("options", a.options());
            }
            Object cur = current.get(a.id());
            m.put("current", cur == null ? a.defaultValue() : text(cur));
            String fileValue = file.get(a.id());
            if (fileValue != null) {
                m.put("fileValue", fileValue);
            }
            String property = overrideProperty(pid, a.id());
            String override = systemProperty.apply(property);
            m.put("overridden", override != null);
            if (override != null) {
                m.put("overrideProperty", property);
                m.put("overrideValue", override);
            }
            attrs.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("name", ocd.getName() == null ? pid : ocd.getName());
        m.put("description", ocd.getDescription() == null ? "" : ocd.getDescription());
        m.put("file", etc.resolve(pid + ".cfg").toString());
        m.put("attributes", attrs);
        return m;
    }

    /** The PID's properties in ConfigurationAdmin (without creating a configuration); empty when none. */
    private Map<String, Object> current(String pid) {
        ConfigurationAdmin cm = configAdmin.get();
        Map<String, Object> out = new LinkedHashMap<>();
        if (cm == null) {
            return out;
        }
        try {
            Configuration[] configs = cm.listConfigurations("(service.pid=" + pid + ")");
            Dictionary<String, Object> props = configs == null || configs.length == 0 ? null
                    : configs[0].getProperties();
            if (props != null) {
                for (var keys = props.keys(); keys.hasMoreElements();) {
                    String k = keys.nextElement();
                    out.put(k, props.get(k));
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            // shown as defaults
        }
        return out;
    }

    /** The active {@code key = value} lines of {@code <pid>.cfg}. */
    Map<String, String> fileValues(String pid) {
        Path file = etc.resolve(pid + ".cfg");
        Map<String, String> out = new TreeMap<>();
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        } catch (IOException | IllegalArgumentException e) {
            // no file yet, or unreadable: nothing set
        }
        return out;
    }

    private static String text(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                parts.add(String.valueOf(Array.get(value, i)));
            }
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }
}

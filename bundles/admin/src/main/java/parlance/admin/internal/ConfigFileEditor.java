package parlance.admin.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates submitted values against their MetaType attribute definitions and rewrites the text of a
 * {@code <home>/etc/<pid>.cfg} file (Java properties): a set key becomes an active {@code key = value} line in place
 * of its commented default (or of its previous value), a key reset to its default becomes the commented
 * {@code #key = default} line again, and every other line (comments, untouched keys) is kept as it was.
 */
final class ConfigFileEditor {
    /** An active or commented {@code key = value} line; group 1 is the comment mark, group 2 the key. */
    private static final Pattern LINE = Pattern.compile("^\\s*(#\\s*)?([A-Za-z0-9_.\\-]+)\\s*[=:].*$");
    private static final int MAX_VALUE = 4096;

    private ConfigFileEditor() {
    }

    /**
     * Checks the submitted values: every key must be an attribute, and every non-empty value must parse as its type
     * and pass the attribute's own check. {@code null} or blank values mean "back to the default".
     *
     * @return problems by key, empty when all is valid
     */
    static Map<String, String> validate(List<ConfigAttribute> attributes, Map<String, String> values) {
        Map<String, ConfigAttribute> byId = new LinkedHashMap<>();
        attributes.forEach(a -> byId.put(a.id(), a));
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            ConfigAttribute a = byId.get(e.getKey());
            if (a == null) {
                errors.put(e.getKey(), "no such setting");
                continue;
            }
            String v = e.getValue() == null ? "" : e.getValue().trim();
            if (v.isEmpty()) {
                continue;
            }
            String problem = problem(a, v);
            if (problem != null) {
                errors.put(e.getKey(), problem);
            }
        }
        return errors;
    }

    /** Why {@code value} is no valid value of {@code a}, or {@code null}. */
    static String problem(ConfigAttribute a, String value) {
        if (value.length() > MAX_VALUE) {
            return "too long";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return "control characters are not allowed";
            }
        }
        try {
            switch (a.type()) {
                case "Integer": Integer.parseInt(value); break;
                case "Long": Long.parseLong(value); break;
                case "Short": Short.parseShort(value); break;
                case "Byte": Byte.parseByte(value); break;
                case "Double": Double.parseDouble(value); break;
                case "Float": Float.parseFloat(value); break;
                case "Boolean":
                    String b = value.toLowerCase(Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) {
                        return "must be true or false";
                    }
                    break;
                case "Character":
                    if (value.length() != 1) {
                        return "must be one character";
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            return "must be " + article(a.type()) + " " + a.type().toLowerCase(Locale.ROOT);
        }
        if (!a.options().isEmpty() && !a.options().contains(value)) {
            return "must be one of " + String.join(", ", a.options());
        }
        String check = a.check().apply(value);
        return check == null || check.isEmpty() ? null : check;
    }

    private static String article(String type) {
        return "Integer".equals(type) ? "an" : "a";
    }

    /**
     * The new file text: {@code values} (validated) applied to {@code text}. A blank or {@code null} value resets
     * its key to the commented default; keys not in {@code values} keep their lines.
     */
    static String rewrite(String text, List<ConfigAttribute> attributes, Map<String, String> values) {
        Map<String, ConfigAttribute> byId = new LinkedHashMap<>();
        attributes.forEach(a -> byId.put(a.id(), a));
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue().trim();
            ConfigAttribute a = byId.get(key);
            String wanted = v.isEmpty() ? "#" + key + " = " + escape(a == null ? "" : a.defaultValue())
                    : key + " = " + escape(v);
            int active = -1;
            int commented = -1;
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINE.matcher(lines.get(i));
                if (m.matches() && m.group(2).equals(key)) {
                    if (m.group(1) == null) {
                        if (active < 0) {
                            active = i;
                        } else {
                            lines.remove(i--); // a later duplicate would win in java.util.Properties
                        }
                    } else if (commented < 0) {
                        commented = i;
                    }
                }
            }
            if (active >= 0) {
                lines.set(active, wanted);
                if (v.isEmpty() && commented >= 0) {
                    lines.remove(active); // the commented default is already there
                }
            } else if (commented >= 0) {
                if (!v.isEmpty()) {
                    lines.set(commented, wanted);
                }
            } else {
                lines.add(wanted);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** Escapes a value for {@link java.util.Properties#load(java.io.Reader)}. */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case ' ':
                    sb.append(i == 0 ? "\\ " : " ");
                    break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}

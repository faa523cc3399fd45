package parlance.admin.internal;

import java.util.List;
import java.util.function.Function;

/**
 * One attribute of a configuration as its MetaType {@code AD} describes it (OSGi Compendium §105.3): key, label,
 * description, type name ({@code Integer}, {@code String}, ...), default and the options; {@code check} is the
 * AD's own validation (ranges), answering {@code null} or {@code ""} when the value is acceptable.
 */
record ConfigAttribute(String id, String name, String description, String type, String defaultValue,
        List<String> options, Function<String, String> check) {

    /** An attribute without options or range. */
    static ConfigAttribute of(String id, String type, String defaultValue) {
        return new ConfigAttribute(id, id, "", type, defaultValue, List.of(), v -> null);
    }
}

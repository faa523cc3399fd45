package parlance.muc.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's configuration (XEP-0045 §10.2, the {@code muc#roomconfig} FORM_TYPE of §15.5.3). Mutable, owned by its
 * room and only touched on the room's queue. {@link #values()} and {@link #apply} use the form's field names, both
 * for the owner's data form and for the stored room document.
 */
final class RoomConfig {
    static final String NAME = "muc#roomconfig_roomname";
    static final String DESC = "muc#roomconfig_roomdesc";
    static final String LANG = "muc#roomconfig_lang";
    static final String LOGGING = "muc#roomconfig_enablelogging";
    static final String CHANGE_SUBJECT = "muc#roomconfig_changesubject";
    static final String ALLOW_INVITES = "muc#roomconfig_allowinvites";
    static final String ALLOW_PM = "muc#roomconfig_allowpm";
    static final String MAX_USERS = "muc#roomconfig_maxusers";
    static final String PUBLIC = "muc#roomconfig_publicroom";
    static final String PERSISTENT = "muc#roomconfig_persistentroom";
    static final String MODERATED = "muc#roomconfig_moderatedroom";
    static final String MEMBERS_ONLY = "muc#roomconfig_membersonly";
    static final String PASSWORD_PROTECTED = "muc#roomconfig_passwordprotectedroom";
    static final String SECRET = "muc#roomconfig_roomsecret";
    static final String WHOIS = "muc#roomconfig_whois";
    static final String HISTORY = "muc#roomconfig_historylength";
    static final String CHANGE_NICK = "muc#roomconfig_canchangenick";
    static final String VOICE_REQUESTS = "muc#roomconfig_allowvoicerequests";

    String name = "";
    String description = "";
    String lang = "";
    boolean archived;
    boolean changeSubject;
    boolean allowInvites;
    /** Who may send private messages: anyone, participants, moderators or none. */
    String allowPm = "anyone";
    /** 0: the service limit applies. */
    int maxUsers;
    boolean isPublic = true;
    boolean persistent;
    boolean moderated;
    boolean membersOnly;
    boolean passwordProtected;
    String password = "";
    /** "moderators" (semi-anonymous) or "anyone" (non-anonymous), XEP-0045 §4.2. */
    String whois = "moderators";
    int historyLength;
    boolean changeNick = true;
    boolean voiceRequests = true;

    RoomConfig(Settings settings) {
        archived = settings.archiveDefault();
        persistent = settings.persistentDefault();
        historyLength = settings.historySize();
    }

    boolean nonAnonymous() {
        return "anyone".equals(whois);
    }

    /** The password the room asks for, or {@code null} when it asks for none. */
    String requiredPassword() {
        return passwordProtected && !password.isEmpty() ? password : null;
    }

    /** Every option by field name, as strings ("1"/"0" for booleans). */
    Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(NAME, name);
        v.put(DESC, description);
        v.put(LANG, lang);
        v.put(LOGGING, bool(archived));
        v.put(CHANGE_SUBJECT, bool(changeSubject));
        v.put(ALLOW_INVITES, bool(allowInvites));
        v.put(ALLOW_PM, allowPm);
        v.put(MAX_USERS, maxUsers == 0 ? "none" : Integer.toString(maxUsers));
        v.put(PUBLIC, bool(isPublic));
        v.put(PERSISTENT, bool(persistent));
        v.put(MODERATED, bool(moderated));
        v.put(MEMBERS_ONLY, bool(membersOnly));
        v.put(PASSWORD_PROTECTED, bool(passwordProtected));
        v.put(SECRET, password);
        v.put(WHOIS, whois);
        v.put(HISTORY, Integer.toString(historyLength));
        v.put(CHANGE_NICK, bool(changeNick));
        v.put(VOICE_REQUESTS, bool(voiceRequests));
        return v;
    }

    /**
     * Applies submitted values (XEP-0045 §10.2): unknown fields are ignored, missing ones keep their value.
     *
     * @throws IllegalArgumentException for a value that is not acceptable
     */
    void apply(Map<String, List<String>> submitted, Settings settings) {
        for (Map.Entry<String, List<String>> e : submitted.entrySet()) {
            String value = e.getValue().isEmpty() ? "" : e.getValue().get(0);
            set(e.getKey(), value == null ? "" : value.trim(), settings);
        }
        if (!submitted.containsKey(PASSWORD_PROTECTED) && submitted.containsKey(SECRET)) {
            passwordProtected = !password.isEmpty();
        }
    }

    private void set(String field, String value, Settings settings) {
        switch (field) {
            case NAME -> name = value;
            case DESC -> description = value;
            case LANG -> lang = value;
            case LOGGING -> archived = parseBool(value);
            case CHANGE_SUBJECT -> changeSubject = parseBool(value);
            case ALLOW_INVITES -> allowInvites = parseBool(value);
            case ALLOW_PM -> allowPm = oneOf(value, "anyone", "participants", "moderators", "none");
            case MAX_USERS -> maxUsers = value.isEmpty() || "none".equals(value) ? 0
                    : Math.min(number(value), settings.maxOccupants());
            case PUBLIC -> isPublic = parseBool(value);
            case PERSISTENT -> persistent = parseBool(value);
            case MODERATED -> moderated = parseBool(value);
            case MEMBERS_ONLY -> membersOnly = parseBool(value);
            case PASSWORD_PROTECTED -> passwordProtected = parseBool(value);
            case SECRET -> password = value;
            case WHOIS -> whois = oneOf(value, "moderators", "anyone");
            case HISTORY -> historyLength = Math.min(number(value), settings.maxHistorySize());
            case CHANGE_NICK -> changeNick = parseBool(value);
            case VOICE_REQUESTS -> voiceRequests = parseBool(value);
            default -> {
            }
        }
    }

    /** A copy, to compare before and after a change. */
    RoomConfig copy(Settings settings) {
        RoomConfig c = new RoomConfig(settings);
        Map<String, List<String>> all = new LinkedHashMap<>();
        values().forEach((k, v) -> all.put(k, List.of(v)));
        c.apply(all, new Settings(settings.name(), Integer.MAX_VALUE, 0, 1, 1, 0, Integer.MAX_VALUE, false, 1,
                false));
        return c;
    }

    static String bool(boolean b) {
        return b ? "1" : "0";
    }

    /** XML Schema boolean (XEP-0004 §3.3). */
    static boolean parseBool(String value) {
        if ("1".equals(value) || "true".equals(value)) {
            return true;
        }
        if ("0".equals(value) || "false".equals(value) || value.isEmpty()) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean: " + value);
    }

    private static int number(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new IllegalArgumentException("negative: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + value);
        }
    }

    private static String oneOf(String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException("not one of the options: " + value);
    }
}

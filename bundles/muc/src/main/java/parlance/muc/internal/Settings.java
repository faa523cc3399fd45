package parlance.muc.internal;

/** The service-wide limits and defaults, taken from {@link MucConfig} (a value, so tests can make their own). */
record Settings(String name, int maxOccupants, int maxRoomsPerUser, int messagesPerSecond, int messageBurst,
        int historySize, int maxHistorySize, boolean archiveDefault, int maxArchivePage, boolean persistentDefault) {

    static Settings of(MucConfig c) {
        return new Settings(c.name(), c.max_occupants(), c.max_rooms_per_user(), c.messages_per_second(),
                c.message_burst(), c.history_size(), c.max_history_size(), c.archive_default(),
                c.max_archive_page(), c.persistent_default());
    }

    static Settings defaults() {
        return new Settings("Chatrooms", 200, 50, 10, 30, 20, 100, true, 100, false);
    }
}

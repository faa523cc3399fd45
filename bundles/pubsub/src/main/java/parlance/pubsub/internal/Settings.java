package parlance.pubsub.internal;

/** The service-wide limits and defaults, taken from {@link PubSubConfig} (a value, so tests can make their own). */
record Settings(String name, int maxItemsPerNode, int defaultMaxItems, int maxNodesPerAccount, int maxPayloadSize,
        String defaultAccessModel, String createNodes, int capsCacheSize) {

    static Settings of(PubSubConfig c) {
        return new Settings(c.name(), c.max_items_per_node(), c.default_max_items(), c.max_nodes_per_account(),
                c.max_payload_size(), c.default_access_model(), c.create_nodes(), c.caps_cache_size());
    }

    static Settings defaults() {
        return new Settings("Publish-Subscribe", 256, 20, 128, 262144, "open", "local", 4096);
    }
}

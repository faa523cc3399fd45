package parlance.upload.internal;

/** The limits of {@link UploadConfig} in the units the code uses. */
record Limits(long maxFileSize, long quota, long slotMillis, long expiryMillis) {
    static Limits of(UploadConfig config) {
        return new Limits(config.max_file_size(), config.quota(), config.slot_seconds() * 1000L,
                config.expiry_days() * 86_400_000L);
    }
}

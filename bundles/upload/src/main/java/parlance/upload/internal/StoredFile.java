package parlance.upload.internal;

/** An uploaded file under {@code <home>/upload/<token>/<filename>}, with its owner for the quota. */
record StoredFile(String token, String filename, long size, String contentType, String owner, long created) {
}

package parlance.upload.internal;

/**
 * An issued upload slot (XEP-0363 §4): the PUT URL's token and sanitized name, the announced size and content type
 * (empty when the request named none), the bare address of the requester and when the PUT URL stops working.
 */
record Slot(String token, String filename, long size, String contentType, String owner, long expiresAt) {
}

/** HTTP file upload (XEP-0363) at upload.domain on the HTTP listener; hot-deployable: internal, not exported. */
package parlance.upload.internal;

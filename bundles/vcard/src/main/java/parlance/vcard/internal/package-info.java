/** vcard-temp (XEP-0054) and vCard-based avatars (XEP-0153): internal, not exported. */
package parlance.vcard.internal;

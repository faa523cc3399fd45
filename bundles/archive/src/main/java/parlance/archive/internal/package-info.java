/** Account message archives (XEP-0313, XEP-0359) and Message Carbons (XEP-0280): internal, not exported. */
package parlance.archive.internal;

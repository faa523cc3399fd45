/** Multi-user chat service (XEP-0045): internal, not exported. */
package parlance.muc.internal;

/** Blocking Command (XEP-0191): internal, not exported. */
package parlance.blocking.internal;

/** Server-to-server federation (RFC 6120, XEP-0220 dialback, XEP-0178 SASL EXTERNAL, XEP-0288, XEP-0368): internal, not exported. */
package parlance.s2s.internal;

/** File transfer services: SOCKS5 bytestreams proxy (XEP-0065), in-band bytestream limits (XEP-0047), external service discovery for STUN/TURN (XEP-0215); hot-deployable: internal, not exported. */
package parlance.filetransfer.internal;

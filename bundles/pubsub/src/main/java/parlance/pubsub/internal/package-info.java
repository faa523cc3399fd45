/** Publish-subscribe service and PEP (XEP-0060, XEP-0163): internal, not exported. */
package parlance.pubsub.internal;

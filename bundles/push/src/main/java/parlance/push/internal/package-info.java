/** Push Notifications (XEP-0357): internal, not exported. */
package parlance.push.internal;

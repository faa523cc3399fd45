/** External components (XEP-0114) on the component port: internal, not exported. */
package parlance.component.internal;

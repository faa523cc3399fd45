/** Ad-Hoc Commands (XEP-0050) and Service Administration (XEP-0133): internal, not exported. */
package parlance.adhoc.internal;

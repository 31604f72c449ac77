package org.medsign.hub.lifecycle;

/** Who holds a certificate's private key. */
public enum KeyCustody {
    /** The hub (hub_key, wrapped under the KEK): the hub can sign with it. */
    HUB,
    /** Outside the hub (another system, a cloud signing service, unknown). */
    EXTERNAL,
    /** On the holder's USB key (UKey). */
    UKEY
}

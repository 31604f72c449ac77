package org.medsign.hub.signing;

import org.medsign.hub.lifecycle.StaffCredential;

/**
 * The staff member and certificate a request will be signed with.
 *
 * @param staffId    hub staff id
 * @param credential the one active, valid certificate with a hub-held key
 */
public record ResolvedSigner(String staffId, StaffCredential credential) {
}

package org.medsign.hub.signing;

import org.medsign.hub.lifecycle.StaffCredential;

/**
 * The staff member and certificate a request will be signed with.
 *
 * @param staffId    hub staff id
 * @param credential   the one active, valid certificate with a hub-held key
 * @param organisation whether the signer is an organisation (department or hospital certificate held by the hub),
 *                     which may sign under the {@code auto} policy, rather than a person, who never signs without
 *                     a confirmation or a window of their own
 */
public record ResolvedSigner(String staffId, StaffCredential credential, boolean organisation) {
}

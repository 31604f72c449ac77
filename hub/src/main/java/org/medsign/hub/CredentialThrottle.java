package org.medsign.hub;

import java.time.Duration;
import java.util.Optional;

/**
 * The one throttle for every credential check (administrator passwords, API keys, the metrics token, signing PINs),
 * keyed by the credential being guessed and by the source it is tried from: a guesser is slowed down and then
 * refused for a while, other credentials from the same source keep working, and a credential guessed from many
 * sources is slowed down for sources it has not recently succeeded from, never locked for good. Implemented by the
 * security module; modules that check a credential themselves (signing PINs) use it through this interface.
 */
public interface CredentialThrottle {

    /** How long {@code credential} must not be checked for {@code source} (refuse before checking); empty if it may. */
    Optional<Duration> refusal(String credential, String source);

    /** Records a wrong credential from {@code source}; returns the wait it now imposes, if any. */
    Optional<Duration> failed(String credential, String source);

    /** Records a right credential: the source's failures are forgotten and the source is trusted for it. */
    void succeeded(String credential, String source);

    /** An administrator has reset the credential (e.g. unlocked or replaced a PIN): its failures are forgotten. */
    void cleared(String credential);
}

package org.medsign.adapters.hl7v2.mllp;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpEndpoint;

/** An {@code mllp-guarded} listener endpoint: an MLLP endpoint whose consumer applies a {@link MllpPeerGuard}. */
public class GuardedMllpEndpoint extends MllpEndpoint {

    private final MllpPeerGuard guard;

    GuardedMllpEndpoint(String uri, GuardedMllpComponent component, MllpConfiguration configuration,
                        MllpPeerGuard guard) {
        super(uri, component, configuration);
        this.guard = guard;
    }

    /** Who may connect. */
    public MllpPeerGuard guard() {
        return guard;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        GuardedMllpConsumer consumer = new GuardedMllpConsumer(this, processor, guard);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(GuardedMllpComponent.SCHEME + " only listens; send with mllp:");
    }
}

package org.medsign.crypto.collab;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.medsign.crypto.sm.SignerId;

/** Client and server in one process, every message passed as bytes, as a transport would. */
final class InProcessCollab {

    /** Both shares of one key. */
    record Key(ClientShare client, ServerShare server) {
    }

    final CollabClient client;
    final CollabServer server;

    InProcessCollab(SecureRandom clientRandom, SecureRandom serverRandom) {
        this.client = new CollabClient(clientRandom);
        this.server = new CollabServer(serverRandom);
    }

    InProcessCollab() {
        this(new SecureRandom(), new SecureRandom());
    }

    Key keygen() {
        CollabClient.Keygen keygen = client.startKeygen();
        CollabServer.Keygen answer = server.keygen(KeygenRequest.fromBytes(keygen.request().toBytes()));
        ClientShare share = keygen.finish(KeygenResponse.fromBytes(answer.response().toBytes()));
        return new Key(share, answer.share());
    }

    CollabSignature sign(Key key, byte[] message) {
        ServerSigningSession session = server.openSession(key.server(), SignerId.DEFAULT, message);
        CollabClient.Signing signing = client.startSigning(key.client(), session.id(), SignerId.DEFAULT, message);
        SignResponse response = session.respond(SignRequest.fromBytes(signing.request().toBytes()));
        return signing.finish(SignResponse.fromBytes(response.toBytes()));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
